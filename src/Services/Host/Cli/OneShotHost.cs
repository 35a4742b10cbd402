using System.CommandLine;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using NetKAN.Bus.Services.Hosting;
using NetKAN.Bus.Services.Roles;

namespace NetKAN.Bus.Services.Cli;

/// <summary>
/// Runs one role's job once from the command line: a host with that role (its schedule switched off), the chosen
/// status store and data folder, started, used, stopped.
/// </summary>
public static class OneShotHost
{
    public static Option<string> StoreOption() =>
        new("--store") { Description = "Status store: sqlite, memory or dynamodb.", DefaultValueFactory = _ => "sqlite" };

    public static Option<string> DataDirOption() =>
        new("--data-dir") { Description = "Folder for local state (repos, SQLite).", DefaultValueFactory = _ => Path.Combine(Environment.CurrentDirectory, ".data") };

    public static async Task<int> RunAsync(string role, string store, string dataDir, IReadOnlyDictionary<string, string?> overrides,
        Func<IServiceProvider, CancellationToken, Task<int>> run, CancellationToken cancellationToken)
    {
        var settings = new HostSettings { Roles = [role], Transport = "inmemory", Store = store, DataDir = dataDir };
        using var host = NetkanHost.Build(settings, configureConfiguration: c => c.AddInMemoryCollection(overrides));
        await host.StartAsync(cancellationToken);
        try
        {
            return await run(host.Services, cancellationToken);
        }
        finally
        {
            await host.StopAsync(CancellationToken.None);
        }
    }
}
