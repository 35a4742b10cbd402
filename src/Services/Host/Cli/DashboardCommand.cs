using System.CommandLine;
using System.Diagnostics;
using Microsoft.AspNetCore.Hosting.Server.Features;
using Microsoft.AspNetCore.Hosting.Server;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using NetKAN.Bus.Services.Seeding;
using NetKAN.Bus.Services.Hosting;
using NetKAN.Bus.Services.Roles;

namespace NetKAN.Bus.Services.Cli;

/// <summary>
/// <c>netkan dashboard serve</c>: the dashboard and webhooks on their own (optionally over made-up status);
/// <c>netkan dashboard seed</c>: fill a status store with made-up mods in every situation.
/// </summary>
public static class DashboardCommand
{
    public static Command Create()
    {
        var command = new Command("dashboard", "The status dashboard: serve it, or seed a status store with sample mods.");
        command.Subcommands.Add(Serve());
        command.Subcommands.Add(Seed());
        return command;
    }

    private static Command Serve()
    {
        var seed = new Option<int>("--seed") { Description = "Record this many sample mods first (0: serve the store as it is).", DefaultValueFactory = _ => 0 };
        var store = StoreOption();
        var dataDir = DataDirOption();
        var urls = new Option<string>("--urls") { Description = "Where to listen.", DefaultValueFactory = _ => HostSettings.DefaultUrls };
        var command = new Command("serve", "Serve the dashboard, status JSON and webhooks (roles dashboard + webhooks) on the in-memory transport.")
        {
            seed, store, dataDir, urls,
        };
        command.SetAction(async (parse, cancellationToken) =>
        {
            var settings = new HostSettings
            {
                Roles = ["dashboard", "webhooks"],
                Transport = "inmemory",
                Store = parse.GetValue(store)!,
                DataDir = parse.GetValue(dataDir)!,
                Urls = parse.GetValue(urls),
            };
            using var host = NetkanHost.Build(settings, [], null, services => services.AddSingleton<StatusSeed>());
            await host.StartAsync(cancellationToken);
            var count = parse.GetValue(seed);
            if (count > 0)
            {
                var watch = Stopwatch.StartNew();
                await host.Services.GetRequiredService<StatusSeed>().SeedAsync(count, cancellationToken);
                parse.InvocationConfiguration.Output.WriteLine($"Seeded {count} sample mods in {watch.Elapsed.TotalSeconds:F1} s");
            }
            var addresses = host.Services.GetRequiredService<IServer>().Features.Get<IServerAddressesFeature>()?.Addresses ?? [];
            parse.InvocationConfiguration.Output.WriteLine($"Dashboard on {string.Join(", ", addresses)}; Ctrl+C stops");
            await host.WaitForShutdownAsync(cancellationToken);
            return 0;
        });
        return command;
    }

    private static Command Seed()
    {
        var mods = new Option<int>("--mods") { Description = "How many sample mods to record.", DefaultValueFactory = _ => 4000 };
        var store = StoreOption();
        var dataDir = DataDirOption();
        var command = new Command("seed", "Record sample mods (every dashboard situation) into the status store through the lifecycle saga.")
        {
            mods, store, dataDir,
        };
        command.SetAction(async (parse, cancellationToken) =>
        {
            var settings = new HostSettings { Roles = [], Store = parse.GetValue(store)!, DataDir = parse.GetValue(dataDir)! };
            using var host = NetkanHost.Build(settings, [], null, services => services.AddSingleton<StatusSeed>());
            await host.StartAsync(cancellationToken);
            var watch = Stopwatch.StartNew();
            var count = await host.Services.GetRequiredService<StatusSeed>().SeedAsync(parse.GetValue(mods), cancellationToken);
            parse.InvocationConfiguration.Output.WriteLine(
                $"Seeded {count} sample mods into the {settings.Store} store under {settings.DataDir} in {watch.Elapsed.TotalSeconds:F1} s");
            await host.StopAsync(cancellationToken);
            return 0;
        });
        return command;
    }

    private static Option<string> StoreOption() =>
        new("--store") { Description = "Status store: sqlite (under --data-dir) or memory.", DefaultValueFactory = _ => "sqlite" };

    private static Option<string> DataDirOption() =>
        new("--data-dir") { Description = "Folder for the SQLite status file.", DefaultValueFactory = _ => Path.Combine(Environment.CurrentDirectory, ".data") };
}
