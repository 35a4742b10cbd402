using BenchmarkDotNet.Configs;
using BenchmarkDotNet.Engines;
using BenchmarkDotNet.Jobs;
using BenchmarkDotNet.Toolchains.InProcess.Emit;
using IHost = Microsoft.Extensions.Hosting.IHost;
using LibGit2Sharp;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using NetKAN.Bus.Services.Hosting;
using NetKAN.Bus.Services.Roles;
using NetKAN.Bus.Services.Transport.InMemory;
using NetKAN.Bus.TestSupport;

namespace NetKAN.Bus.Benchmarks;

/// <summary>
/// Git work changes state, so these benchmarks run in process, one invocation per iteration (monitoring), on a
/// CKAN-meta/NetKAN built from the corpus and cloned from a bare remote on disk.
/// </summary>
public sealed class GitBenchmarkConfig : ManualConfig
{
    public GitBenchmarkConfig()
    {
        AddJob(Job.Default
            .WithToolchain(InProcessEmitToolchain.Instance)
            .WithStrategy(RunStrategy.Monitoring)
            .WithLaunchCount(1)
            .WithWarmupCount(3)
            .WithIterationCount(15)
            .WithInvocationCount(1)
            .WithUnrollFactor(1));
    }
}

/// <summary>A started <c>netkan</c> host (in-memory transport; in-memory status store unless told otherwise) over
/// private copies of the corpora.</summary>
public sealed class BenchHost : IDisposable
{
    private readonly TempDir _dir;
    private readonly IHost _host;

    private BenchHost(TempDir dir, IHost host)
    {
        _dir = dir;
        _host = host;
    }

    public IServiceProvider Services => _host.Services;

    public string Folder => _dir.Path;

    public static BenchHost Start(string role, IReadOnlyDictionary<string, string?> extra, string store = "memory")
    {
        var dir = new TempDir($"netkan-bench-{role}");
        var netkan = dir.Combine("NetKAN.git");
        var ckanMeta = dir.Combine("CKAN-meta.git");
        Repository.Clone(CorpusGit.NetKanBare, netkan, new CloneOptions { IsBare = true });
        Repository.Clone(CorpusGit.CkanMetaBare, ckanMeta, new CloneOptions { IsBare = true });
        var configuration = new Dictionary<string, string?>
        {
            ["Repos:ksp:NetKan:Remote"] = netkan,
            ["Repos:ksp:CkanMeta:Remote"] = ckanMeta,
            ["GitHub:ApiUrl"] = "http://127.0.0.1:9",
            ["Scheduler:RunOnSchedule"] = "false",
            ["Serilog:MinimumLevel:Default"] = "Warning",
        };
        foreach (var (key, value) in extra)
        {
            configuration[key] = value; // a benchmark may log as production does
        }
        var settings = new HostSettings { Roles = [role], Store = store, Transport = "inmemory", DataDir = dir.Combine("data") };
        var host = NetkanHost.Build(settings, configureConfiguration: c => c.AddInMemoryCollection(configuration));
        host.StartAsync().GetAwaiter().GetResult();
        return new BenchHost(dir, host);
    }

    /// <summary>Empties a queue nobody consumes in this host.</summary>
    public int Drain(string queue)
    {
        var queues = Services.GetRequiredService<InMemoryQueues>();
        var reader = queues.Reader(queue);
        var count = 0;
        while (reader.TryRead(out _))
        {
            queues.Taken(queue);
            count++;
        }
        return count;
    }

    public void Dispose()
    {
        _host.StopAsync().GetAwaiter().GetResult();
        _host.Dispose();
        _dir.Dispose();
    }
}
