using BenchmarkDotNet.Attributes;
using Microsoft.Extensions.DependencyInjection;
using NetKAN.Bus.Contracts.Queues;
using NetKAN.Bus.Contracts.Games;
using NetKAN.Bus.Services.Scheduler;

namespace NetKAN.Bus.Benchmarks;

/// <summary>
/// A scheduling pass over the corpus (1,454 .netkan, 2,403 .frozen; CKAN-meta with 30,561 .ckan), in process, with
/// the repositories already open and the highest versions in memory (the steady state after the first pass).
/// The pass includes pulling both repositories from their (on-disk) remotes, listing the netkans, computing the
/// highest versions and sending the messages in batches of 10; recording InflationRequested is measured apart.
/// </summary>
[Config(typeof(GitBenchmarkConfig))]
public class SchedulerBenchmarks
{
    private BenchHost _host = null!;
    private SchedulingPass _pass = null!;
    private string _queue = null!;
    private ScheduledRequests _last = null!;

    [GlobalSetup]
    public void Setup()
    {
        _host = BenchHost.Start("scheduler", new Dictionary<string, string?>
        {
            ["Scheduler:MinGitHubRemaining"] = "0",
            ["Scheduler:MaxQueued"] = int.MaxValue.ToString(),
        });
        _pass = _host.Services.GetRequiredService<SchedulingPass>();
        _queue = _host.Services.GetRequiredService<QueueNames>().InflationFor(GameId.Ksp);
        _last = _pass.ScheduleAsync(GameId.Ksp, SchedulerGroup.All, default).GetAwaiter().GetResult(); // clones, scans
        Console.WriteLine($"// first pass (clone + scan): {_last.Requests.Count} messages in {_last.Elapsed.TotalMilliseconds:0} ms");
        _host.Drain(_queue);
    }

    [GlobalCleanup]
    public void Cleanup() => _host.Dispose();

    [IterationCleanup]
    public void Drain() => _host.Drain(_queue);

    /// <summary>Every active netkan (1,454).</summary>
    [Benchmark]
    public async Task<int> PassAll()
    {
        _last = await _pass.ScheduleAsync(GameId.Ksp, SchedulerGroup.All, default);
        return _last.Requests.Count;
    }

    /// <summary>The 30-minute pass (netkans that are not SpaceDock hook-only).</summary>
    [Benchmark]
    public async Task<int> PassNonHooks() =>
        (await _pass.ScheduleAsync(GameId.Ksp, SchedulerGroup.NonHooks, default)).Requests.Count;

    /// <summary>InflationRequested on 1,454 status rows (in-memory store), after the pass.</summary>
    [Benchmark]
    public Task<TimeSpan> RecordRequested() => _pass.RecordRequestsAsync(_last, default);
}
