using MassTransit.Testing;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using NetKAN.Bus.Contracts.Wire;
using NetKAN.Bus.Sagas.Persistence;
using NetKAN.Bus.Sagas.Recording;
using NetKAN.Bus.Services.Demo;
using NetKAN.Bus.Services.Hosting;
using NetKAN.Bus.Services.Roles;
using NetKAN.Bus.Services.Transport;

namespace NetKAN.Bus.Services.Replay;

/// <summary>
/// Runs a journal (JSONL of handled messages) through the real stage consumers on MassTransit's test harness,
/// in one process, against a scratch CKAN-meta repository and a local fake GitHub API, and returns the
/// resulting status rows. Nothing outside the machine is contacted.
/// </summary>
public static class ReplayRunner
{
    public sealed record Outcome(IReadOnlyList<Sagas.Status.ModState> States, IReadOnlyList<string> Problems, int Lines);

    /// <param name="cacheDir">The run's download cache, read for <c>last_downloaded</c> (optional; never written).</param>
    public static async Task<Outcome> RunAsync(string journalPath, TextWriter log, CancellationToken cancellationToken,
        string? cacheDir = null)
    {
        if (!File.Exists(journalPath))
        {
            throw new FileNotFoundException($"Journal {journalPath} does not exist.", journalPath);
        }
        var scratch = Directory.CreateTempSubdirectory("netkan-replay-");
        try
        {
            var workspace = DemoWorkspace.Create(scratch.FullName, []);
            await using var upstream = await FakeUpstream.StartAsync([], cancellationToken);
            var roles = RoleCatalog.All.Any(r => r.Name == "indexer") ? new[] { "indexer" } : [];
            var settings = new HostSettings { Roles = roles, Transport = "inmemory", Store = "memory", DataDir = scratch.FullName };
            var configuration = DemoConfiguration.For(workspace, upstream.BaseUrl);
            configuration["Journal:Path"] = null;
            if (cacheDir is not null)
            {
                configuration["Inflator:CacheDir"] = cacheDir;
            }
            var clock = new JournalClock();
            using var host = NetkanHost.Build(settings,
                configureConfiguration: c => c.AddInMemoryCollection(configuration),
                configureServices: s => s.AddSingleton<TimeProvider>(clock),
                extraRoles: [new ReplayInflationRequestsRole(), new ReplayMirrorRequestsRole()],
                testHarness: true);
            await host.StartAsync(cancellationToken);
            try
            {
                var problems = await ReplayLinesAsync(host.Services, clock, journalPath, log, cancellationToken);
                var harness = host.Services.GetRequiredService<ITestHarness>();
                await harness.InactivityTask;
                // Mirror outcomes no mirror request claimed still happened in the run.
                var lifecycle = host.Services.GetRequiredService<IModLifecycle>();
                foreach (var outcome in host.Services.GetRequiredService<JournalledMirrorOutcomes>().TakeAll())
                {
                    await lifecycle.RecordAsync(outcome, cancellationToken);
                }
                var states = await host.Services.GetRequiredService<IModStateStore>().ListAsync(null, cancellationToken);
                return new Outcome(states, problems, File.ReadLines(journalPath).Count(l => l.Trim().Length > 0));
            }
            finally
            {
                await host.StopAsync(CancellationToken.None);
            }
        }
        finally
        {
            foreach (var file in Directory.EnumerateFiles(scratch.FullName, "*", SearchOption.AllDirectories))
            {
                File.SetAttributes(file, FileAttributes.Normal);
            }
            scratch.Delete(recursive: true);
        }
    }

    private static async Task<List<string>> ReplayLinesAsync(IServiceProvider services, JournalClock clock, string journalPath,
        TextWriter log, CancellationToken cancellationToken)
    {
        var dispatcher = services.GetRequiredService<QueueDispatcher>();
        var lifecycle = services.GetRequiredService<IModLifecycle>();
        var mirrorOutcomes = services.GetRequiredService<JournalledMirrorOutcomes>();
        var problems = new List<string>();
        var number = 0;
        foreach (var line in File.ReadLines(journalPath))
        {
            number++;
            if (line.Trim().Length == 0)
            {
                continue;
            }
            try
            {
                var entry = JournalEntry.Parse(line);
                var wire = new WireMessage(entry.Body, entry.Attributes, "1", $"replay-{number}");
                clock.Set(entry.Time);
                if (entry.Queue == JournalingModLifecycle.Queue)
                {
                    var recorded = JournalingModLifecycle.FromWire(wire);
                    if (JournalingModLifecycle.IsMirrorOutcome(recorded))
                    {
                        mirrorOutcomes.Add(recorded); // applied when the mod's mirror request is replayed
                    }
                    else
                    {
                        await lifecycle.RecordAsync(recorded, cancellationToken);
                    }
                }
                else if (dispatcher.Queues.Contains(entry.Queue))
                {
                    var headers = new Dictionary<string, object> { [ReplayInflationRequestsRole.JournalTimeHeader] = entry.Time.ToString("O") };
                    await dispatcher.HandleAsync(entry.Queue, wire, headers, cancellationToken);
                }
                else
                {
                    problems.Add($"line {number}: no consumer for queue '{entry.Queue}' in a replay; skipped");
                }
            }
            catch (Exception e) when (e is not OperationCanceledException)
            {
                problems.Add($"line {number}: {e.GetBaseException().Message}");
            }
        }
        foreach (var problem in problems)
        {
            await log.WriteLineAsync(problem);
        }
        return problems;
    }
}
