using System.Text;
using BenchmarkDotNet.Attributes;
using Microsoft.Extensions.DependencyInjection;
using NetKAN.Bus.Contracts.Queues;
using NetKAN.Bus.Metadata.Ckan;
using NetKAN.Bus.Contracts.Games;
using NetKAN.Bus.Services.Git;
using NetKAN.Bus.Services.Indexer;
using NetKAN.Bus.Services.Transport;

namespace NetKAN.Bus.Benchmarks;

/// <summary>
/// The indexer on CKAN-meta built from the corpus (30,561 .ckan in 3,576 folders), pushing to a bare remote on disk.
/// Changed: new .ckan versions of existing mods, committed and pushed in batches of 10. Unchanged: the committed
/// files sent again. "Git" measures the repository work (commit/compare + push); "Consumer" the whole path of a queue
/// message: QueueDispatcher, MassTransit consumer, two status updates on the saga (in-memory store), git.
/// </summary>
[Config(typeof(GitBenchmarkConfig))]
public class IndexerBenchmarks
{
    private const int Batch = 10;
    private const int UnchangedPerInvocation = 2000;
    private BenchHost _host = null!;
    private CkanMetaRepository _repository = null!;
    private CkanIndexer _indexer = null!;
    private QueueDispatcher _dispatcher = null!;
    private string _outbound = null!;
    private List<(ModInflated Message, CkanModule Module)> _unchanged = null!;
    private string[] _identifiers = null!;
    private int _next;

    [GlobalSetup]
    public void Setup()
    {
        _host = BenchHost.Start("indexer", new Dictionary<string, string?>());
        _repository = _host.Services.GetRequiredService<GameRepositories>().CkanMetaAsync(GameId.Ksp, default).GetAwaiter().GetResult();
        _indexer = _host.Services.GetRequiredService<CkanIndexer>();
        _dispatcher = _host.Services.GetRequiredService<QueueDispatcher>();
        _outbound = _host.Services.GetRequiredService<QueueNames>().Outbound;
        var root = _repository.Copy.WorkingDirectory;
        var files = Directory.EnumerateDirectories(root)
            .Where(d => !Path.GetFileName(d).StartsWith('.'))
            .SelectMany(d => Directory.EnumerateFiles(d, "*.ckan"))
            .Order(StringComparer.Ordinal)
            .ToList();
        _identifiers = files.Select(f => Path.GetFileName(Path.GetDirectoryName(f)!)).Distinct().ToArray();
        _unchanged = files.Take(UnchangedPerInvocation).Select(f =>
        {
            var text = File.ReadAllText(f, Encoding.UTF8);
            var identifier = Path.GetFileName(Path.GetDirectoryName(f)!);
            var message = new ModInflated(identifier, GameId.Ksp, true, DateTimeOffset.UtcNow, text, Path.GetFileName(f));
            return (message, CkanModule.Parse(text, f));
        }).ToList();
        Console.WriteLine($"// CKAN-meta working copy: {files.Count} .ckan files in {_identifiers.Length} folders");
    }

    [GlobalCleanup]
    public void Cleanup()
    {
        Console.WriteLine($"// pushes: {_repository.Pushes.Pushes}, commits: {_repository.Committed}");
        _host.Dispose();
    }

    /// <summary>Git work alone: 10 commits (one per new .ckan), then one push — no parse, no change check, no pull, no
    /// dispatcher, no saga. The whole path is <c>message-path</c>.</summary>
    [Benchmark(OperationsPerInvoke = Batch)]
    public async Task ChangedGit()
    {
        long sequence = 0;
        using (await _repository.LockAsync(default))
        {
            for (var i = 0; i < Batch; i++)
            {
                var (message, _) = NewVersion();
                (_, sequence) = _repository.CommitFile($"{message.Identifier}/{message.FileName}",
                    Encoding.UTF8.GetBytes(message.Ckan), $"NetKAN added mod - {Path.GetFileNameWithoutExtension(message.FileName)}");
            }
        }
        await _repository.WaitUntilPushedAsync(sequence, default);
    }

    /// <summary>10 wire messages handed over together (as an SQS receive of 10), each recorded, committed and pushed.</summary>
    [Benchmark(OperationsPerInvoke = Batch)]
    public Task ChangedConsumer() =>
        Task.WhenAll(Enumerable.Range(0, Batch).Select(_ => _dispatcher.HandleAsync(_outbound, NewVersion().Message.ToWire(), null, default)));

    /// <summary>Compare-only: the blob id of the body against the committed tree — the body is parsed beforehand and
    /// nothing is recorded; the whole path is <c>message-path</c>.</summary>
    [Benchmark(OperationsPerInvoke = UnchangedPerInvocation)]
    public async Task UnchangedGit()
    {
        foreach (var (message, module) in _unchanged)
        {
            await _indexer.IndexAsync(message, module, default);
        }
    }

    /// <summary>Unchanged wire messages through the whole path, 10 at a time.</summary>
    [Benchmark(OperationsPerInvoke = UnchangedPerInvocation)]
    public async Task UnchangedConsumer()
    {
        foreach (var batch in _unchanged.Chunk(Batch))
        {
            await Task.WhenAll(batch.Select(x => _dispatcher.HandleAsync(_outbound, x.Message.ToWire(), null, default)));
        }
    }

    private (ModInflated Message, CkanModule Module) NewVersion()
    {
        var message = BenchCkans.NewVersion(_identifiers, Interlocked.Increment(ref _next));
        return (message, CkanModule.Parse(message.Ckan));
    }
}
