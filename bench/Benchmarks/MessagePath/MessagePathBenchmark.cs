using System.Diagnostics;
using System.Text;
using Microsoft.Extensions.DependencyInjection;
using NetKAN.Bus.Contracts.Games;
using NetKAN.Bus.Contracts.Queues;
using NetKAN.Bus.Contracts.Wire;
using NetKAN.Bus.Inflator.Downloads;
using NetKAN.Bus.Metadata.Ckan;
using NetKAN.Bus.Services.Git;
using NetKAN.Bus.Services.Transport;

namespace NetKAN.Bus.Benchmarks.MessagePath;

/// <summary>
/// The indexer's whole production path, timed with a plain clock (no BenchmarkDotNet harness, so one set-up serves
/// every round): a wire message (as SqsReceiveLoop hands it over: up to Sqs:MaxInFlight = 10 held at once, one mod's
/// messages in order, different mods in parallel on the thread pool) → <see cref="QueueDispatcher"/> →
/// MassTransit consumer → change check against CKAN-meta (and for changed files commit + push to a bare remote on
/// disk; <c>last_downloaded</c> from a download cache holding every message's package) → the saga rows saved in the
/// chosen store (SQLite by default, as the embedded default runs).
/// Usage: <c>message-path [--store sqlite|memory] [--unchanged N] [--changed N] [--rounds R] [--warmup W]
/// [--in-flight N] [--log-level Information|Warning|…] [--allocations]</c> (warm-up rounds are not counted; logging is at
/// Information, as production's appsettings.json has it, to stderr; --allocations prints the sampled top allocators). Prints one line per
/// figure: <c>name median min max unit</c>.
/// </summary>
public static class MessagePathBenchmark
{
    private const int Batch = 10;
    private static int InFlight = 10;

    public static async Task<int> RunAsync(string[] args)
    {
        var store = Option(args, "--store", "sqlite");
        var unchangedCount = int.Parse(Option(args, "--unchanged", "5000"));
        var changedCount = int.Parse(Option(args, "--changed", "200"));
        var rounds = int.Parse(Option(args, "--rounds", "5"));
        InFlight = int.Parse(Option(args, "--in-flight", "10"));
        var warmup = int.Parse(Option(args, "--warmup", "8"));

        var clock = Stopwatch.StartNew();
        // Logging as production's appsettings.json has it (Information: two lines per message on stdout), unless told.
        var logLevel = Option(args, "--log-level", "Information");
        using var host = BenchHost.Start("indexer", new Dictionary<string, string?> { ["Serilog:MinimumLevel:Default"] = logLevel }, store);
        var dispatcher = host.Services.GetRequiredService<QueueDispatcher>();
        var outbound = host.Services.GetRequiredService<QueueNames>().Outbound;
        var repository = await host.Services.GetRequiredService<GameRepositories>().CkanMetaAsync(GameId.Ksp, default);
        var files = CorpusFiles(repository.Copy.WorkingDirectory);
        var identifiers = files.Select(f => Path.GetFileName(Path.GetDirectoryName(f)!)).Distinct().ToArray();
        var unchanged = OneModAtATime(files).Take(unchangedCount).Select(f => new ModInflated(Path.GetFileName(Path.GetDirectoryName(f)!),
            GameId.Ksp, true, DateTimeOffset.UtcNow, File.ReadAllText(f, Encoding.UTF8), Path.GetFileName(f)).ToWire()).ToList();
        var cached = FillDownloadCache(host.Services.GetRequiredService<DownloadCacheLayout>(), unchanged);
        Console.Error.WriteLine($"# set-up {clock.Elapsed.TotalSeconds:0.0} s: {files.Count} .ckan in {identifiers.Length} folders, " +
            $"store {store}, {cached} packages in the download cache");

        // Warm-up: the first pass also creates every mod's saga row (a first pass is slower, and said so below).
        var first = await TimeAsync(dispatcher, outbound, unchanged);
        Report("unchanged_first_pass", [first.PerSecond], "msg/s");
        // A service runs for days: measure it warm. The runtime recompiles hot methods with optimisations (tiered
        // compilation, dynamic PGO) during the first seconds of load, which the warm-up rounds absorb (here the rate
        // settles after six or seven rounds of 5,000).
        for (var round = 0; round < warmup; round++)
        {
            await TimeAsync(dispatcher, outbound, unchanged);
        }
        var unchangedRates = new List<double>();
        for (var round = 0; round < rounds; round++)
        {
            unchangedRates.Add((await TimeAsync(dispatcher, outbound, unchanged)).PerSecond);
        }
        Report("unchanged_whole_path", unchangedRates, "msg/s");
        if (args.Contains("--allocations"))
        {
            using var sampler = new AllocationSampler();
            sampler.Start();
            await TimeAsync(dispatcher, outbound, unchanged);
            sampler.Stop();
            sampler.Print(Console.Error, unchanged.Count);
        }

        var next = 0;
        var changedRates = new List<double>();
        for (var round = 0; round < Math.Max(1, rounds / 2); round++)
        {
            var changed = Enumerable.Range(0, changedCount).Select(_ => NewVersion(identifiers, ++next)).ToList();
            changedRates.Add((await TimeAsync(dispatcher, outbound, changed)).PerSecond);
        }
        Report("changed_whole_path_with_push", changedRates, "msg/s");
        Console.Error.WriteLine($"# pushes {repository.Pushes.Pushes}, commits {repository.Committed}");
        return 0;
    }

    private static async Task<(TimeSpan Elapsed, double PerSecond)> TimeAsync(QueueDispatcher dispatcher, string queue,
        IReadOnlyList<WireMessage> messages)
    {
        // As SqsReceiveLoop hands messages over: at most Sqs:MaxInFlight (10) held at once; a receive waits for one
        // free slot and takes up to a batch of 10 of whatever is free; each FIFO group (mod) of a batch runs on the
        // thread pool, its messages one after another in order; every message frees its slot when it is done.
        var clock = Stopwatch.StartNew();
        var cpu = Process.GetCurrentProcess().TotalProcessorTime;
        var (gen0, gen1, gen2, paused) = (GC.CollectionCount(0), GC.CollectionCount(1), GC.CollectionCount(2), GC.GetTotalPauseDuration());
        using var slots = new SemaphoreSlim(InFlight);
        var groupTails = new Dictionary<string, Task>(StringComparer.Ordinal);
        for (var next = 0; next < messages.Count;)
        {
            await slots.WaitAsync();
            var take = 1;
            while (take < Batch && next + take < messages.Count && slots.Wait(0))
            {
                take++;
            }
            foreach (var group in messages.Skip(next).Take(take).GroupBy(m => m.GroupId))
            {
                // SQS hands out no message of a group that has one in flight; the benchmark's queue order keeps a
                // mod's messages thousands apart, and waiting for the group's previous message keeps that true.
                var previous = groupTails.GetValueOrDefault(group.Key) ?? Task.CompletedTask;
                var batch = group.ToList();
                groupTails[group.Key] = Task.Run(() => HandleGroupAsync(previous, batch));
            }
            next += take;
        }
        await Task.WhenAll(groupTails.Values);
        var cores = (Process.GetCurrentProcess().TotalProcessorTime - cpu) / clock.Elapsed;
        Console.Error.WriteLine($"# {messages.Count} messages in {clock.Elapsed.TotalSeconds:0.00} s, {cores:0.00} cores busy; " +
            $"GC {GC.CollectionCount(0) - gen0}/{GC.CollectionCount(1) - gen1}/{GC.CollectionCount(2) - gen2} (gen 0/1/2), " +
            $"paused {(GC.GetTotalPauseDuration() - paused).TotalMilliseconds:0} ms");
        return (clock.Elapsed, messages.Count / clock.Elapsed.TotalSeconds);

        async Task HandleGroupAsync(Task before, List<WireMessage> group)
        {
            await before;
            foreach (var message in group)
            {
                try
                {
                    await dispatcher.HandleAsync(queue, message, null, default);
                }
                finally
                {
                    slots.Release();
                }
            }
        }
    }

    /// <summary>
    /// A download cache as production's holds it (shared with the inflators): the package of every message's download
    /// with its .sha1/.sha256 sidecars, so the indexer's <c>last_downloaded</c> lookup finds a file among thousands.
    /// </summary>
    private static int FillDownloadCache(DownloadCacheLayout cache, IReadOnlyList<WireMessage> messages)
    {
        Directory.CreateDirectory(cache.Folder);
        var count = 0;
        foreach (var message in messages.Select(ModInflated.FromWire))
        {
            if (CkanModule.Parse(message.Ckan, message.FileName).Downloads.FirstOrDefault() is { } url)
            {
                var package = cache.PackagePath(url, message.Identifier, "zip");
                if (!File.Exists(package))
                {
                    File.WriteAllBytes(package, []);
                    File.WriteAllBytes(package + ".sha1", []);
                    File.WriteAllBytes(package + ".sha256", []);
                    count++;
                }
            }
        }
        // A cache that settled before the burst, as production's mostly is: a folder changed in the last 2 s is listed
        // again for every lookup (DownloadCacheIndex), which would time the freshly filled folder instead.
        Directory.SetLastWriteTimeUtc(cache.Folder, DateTime.UtcNow.AddMinutes(-1));
        return count;
    }

    private static List<string> CorpusFiles(string root) =>
        Directory.EnumerateDirectories(root)
            .Where(d => !Path.GetFileName(d).StartsWith('.'))
            .SelectMany(d => Directory.EnumerateFiles(d, "*.ckan"))
            .Order(StringComparer.Ordinal)
            .ToList();

    /// <summary>
    /// The files in the order a queue holds them: a scheduling pass requests each mod once, so results of different
    /// mods follow each other (one file of every mod, then a second file of every mod that has one, …). In path order
    /// a batch of 10 would mostly be versions of one mod, which the transports handle one after another.
    /// </summary>
    private static IEnumerable<string> OneModAtATime(IEnumerable<string> files)
    {
        var byMod = files.GroupBy(f => Path.GetDirectoryName(f)!).Select(g => g.ToList()).ToList();
        for (var round = 0; byMod.Any(m => m.Count > round); round++)
        {
            foreach (var mod in byMod.Where(m => m.Count > round))
            {
                yield return mod[round];
            }
        }
    }

    private static WireMessage NewVersion(string[] identifiers, int n) => BenchCkans.NewVersion(identifiers, n).ToWire();

    private static void Report(string name, IReadOnlyList<double> values, string unit)
    {
        var sorted = values.Order().ToList();
        Console.WriteLine($"{name} {sorted[sorted.Count / 2]:0} {sorted[0]:0} {sorted[^1]:0} {unit}");
    }

    private static string Option(string[] args, string name, string fallback)
    {
        var i = Array.IndexOf(args, name);
        return i >= 0 && i + 1 < args.Length ? args[i + 1] : fallback;
    }
}
