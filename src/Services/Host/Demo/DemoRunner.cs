using Microsoft.AspNetCore.Hosting.Server.Features;
using Microsoft.AspNetCore.Hosting.Server;
using Microsoft.AspNetCore.Hosting;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using NetKAN.Bus.Contracts.Games;
using NetKAN.Bus.Contracts.Queues;
using NetKAN.Bus.Sagas.Persistence;
using NetKAN.Bus.Sagas.Status;
using NetKAN.Bus.Services.Hosting;
using NetKAN.Bus.Services.Roles;
using NetKAN.Bus.Services.Transport.InMemory;

namespace NetKAN.Bus.Services.Demo;

/// <summary>What <c>netkan demo</c> was asked to do.</summary>
public sealed record DemoOptions(string DataDir, bool Once, int Port, TimeSpan Timeout);

/// <summary>
/// <c>netkan demo</c>: every role in one process on embedded defaults (in-memory queues, SQLite status, local git
/// repos, the bundled fake upstream), one scheduling pass through the real stage consumers, then the dashboard.
/// </summary>
public static class DemoRunner
{
    /// <summary>The roles the demo runs, in the order they are listed in <c>--roles</c> elsewhere.</summary>
    public static readonly string[] Roles =
        ["scheduler", "inflator", "indexer", "mirrorer", "webhooks", "dashboard", "status-dumper"];

    public static async Task<int> RunAsync(DemoOptions options, TextWriter output, TextWriter error, CancellationToken cancellationToken)
    {
        var workspace = DemoWorkspace.Create(options.DataDir, SampleMods.All);
        await using var upstream = await FakeUpstream.StartAsync(SampleMods.All, cancellationToken, workspace.UpstreamPort);
        workspace.UpstreamPort = upstream.Port;
        // --once never shows the dashboard, so it binds no port (and cannot fail because 5080 is taken).
        var roles = Roles.Where(name => RoleCatalog.All.Any(r => r.Name == name))
            .Where(name => !options.Once || RoleCatalog.All.Single(r => r.Name == name) is { ServesHttp: false })
            .ToList();
        var settings = new HostSettings
        {
            Roles = roles,
            Transport = "inmemory",
            Store = "sqlite",
            DataDir = workspace.Root,
            Urls = $"http://127.0.0.1:{options.Port}",
        };
        IHost host;
        try
        {
            host = NetkanHost.Build(settings,
                configureConfiguration: c => c.AddInMemoryCollection(DemoConfiguration.For(workspace, upstream.BaseUrl)));
            await host.StartAsync(cancellationToken);
        }
        catch (IOException e) when (e.Message.Contains("Failed to bind", StringComparison.Ordinal))
        {
            await error.WriteLineAsync(
                $"netkan demo: cannot serve the dashboard on {settings.Urls}: {e.Message}; choose another --port (0 picks a free one), or use --once");
            return 1;
        }
        using var _ = host;
        await output.WriteLineAsync($"netkan demo: data in {workspace.Root}; roles {string.Join(", ", roles)}; fake upstream at {upstream.BaseUrl}");

        var sent = await DemoScheduling.RunPassAsync(host.Services, cancellationToken);
        await output.WriteLineAsync($"Scheduling pass sent {sent} inflation requests; waiting for every mod to settle…");

        using var timeout = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
        timeout.CancelAfter(options.Timeout);
        var settled = await WaitUntilSettledAsync(host.Services, timeout.Token);
        var states = await host.Services.GetRequiredService<IModStateStore>().ListAsync(GameId.Ksp, cancellationToken);
        var statusFile = Path.Combine(workspace.StatusDir, StatusJson.FileName(GameId.Ksp));
        await File.WriteAllTextAsync(statusFile, StatusJson.Write(states, GameId.Ksp), cancellationToken);

        var identifiers = SampleMods.All.Select(m => m.Identifier).ToList();
        await output.WriteLineAsync(DemoSummary.Table(states, identifiers, GameId.Ksp));
        await output.WriteLineAsync($"Status JSON: {statusFile}");
        var failed = states.Where(s => identifiers.Contains(s.Identifier) && !s.Success).Select(s => s.Identifier).ToList();

        if (options.Once)
        {
            await host.StopAsync(CancellationToken.None);
            if (!settled)
            {
                await error.WriteLineAsync($"netkan demo: not every mod settled within {options.Timeout.TotalSeconds:0} s");
                return 1;
            }
            if (failed.Count > 0)
            {
                await error.WriteLineAsync($"netkan demo: {failed.Count} sample mod(s) failed: {string.Join(", ", failed)}");
                return 1;
            }
            return 0;
        }

        await output.WriteLineAsync($"Dashboard: {ServedUrl(host) ?? settings.Urls}  (Ctrl+C to stop)");
        await host.WaitForShutdownAsync(cancellationToken);
        return 0;
    }

    /// <summary>Waits until the queues are idle and every sample mod's row reached a settled state.</summary>
    private static async Task<bool> WaitUntilSettledAsync(IServiceProvider services, CancellationToken cancellationToken)
    {
        var queues = services.GetRequiredService<InMemoryQueues>();
        var store = services.GetRequiredService<IModStateStore>();
        try
        {
            while (true)
            {
                await queues.WaitForIdleAsync(cancellationToken);
                var states = await store.ListAsync(GameId.Ksp, cancellationToken);
                if (SampleMods.All.All(mod => states.Any(s => s.Identifier == mod.Identifier && DemoSummary.IsSettled(s))))
                {
                    return true;
                }
                await Task.Delay(100, cancellationToken);
            }
        }
        catch (OperationCanceledException)
        {
            return false;
        }
    }

    private static string? ServedUrl(IHost host) =>
        host.Services.GetService<IServer>()?.Features.Get<IServerAddressesFeature>()?.Addresses.FirstOrDefault();
}
