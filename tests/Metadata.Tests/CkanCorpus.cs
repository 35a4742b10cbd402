using NetKAN.Bus.TestSupport;

namespace NetKAN.Bus.Metadata.Tests;

/// <summary>Every .ckan file of the CKAN-meta snapshot, read once per test run and shared by the corpus tests.</summary>
internal static class CkanCorpus
{
    private static readonly Lazy<IReadOnlyList<CorpusFile>> FilesLazy = new(Load);

    public static IReadOnlyList<CorpusFile> Files => FilesLazy.Value;

    private static IReadOnlyList<CorpusFile> Load()
    {
        var paths = Directory.GetFiles(Corpus.CkanMetaDir, "*.ckan", SearchOption.AllDirectories);
        Array.Sort(paths, StringComparer.Ordinal);
        var files = new CorpusFile[paths.Length];
        Parallel.For(0, paths.Length, i => files[i] = new CorpusFile(paths[i], File.ReadAllBytes(paths[i])));
        return files;
    }
}

internal sealed record CorpusFile(string Path, byte[] Bytes)
{
    public string Name => System.IO.Path.GetFileName(Path);

    public string Folder => System.IO.Path.GetFileName(System.IO.Path.GetDirectoryName(Path)!);
}

/// <summary>
/// Timing assertions run alone: xunit runs non-parallel collections after the parallel ones, so two cores are not
/// shared with the rest of the suite while the clock runs.
/// </summary>
[CollectionDefinition(nameof(TimedCollection), DisableParallelization = true)]
public sealed class TimedCollection;

internal static class Timing
{
    /// <summary>
    /// Runs <paramref name="work"/> until it finishes within <paramref name="limit"/>, at most
    /// <paramref name="attempts"/> times, and returns the fastest run. The build machine is shared, so one slow run
    /// can be someone else's compiler; a run that is slow every time is ours.
    /// </summary>
    public static (T Result, TimeSpan Elapsed) BestOf<T>(int attempts, TimeSpan limit, Func<T> work)
    {
        var best = (Result: default(T)!, Elapsed: TimeSpan.MaxValue);
        for (var i = 0; i < attempts && best.Elapsed >= limit; i++)
        {
            var watch = System.Diagnostics.Stopwatch.StartNew();
            var result = work();
            watch.Stop();
            if (watch.Elapsed < best.Elapsed)
            {
                best = (result, watch.Elapsed);
            }
        }
        return best;
    }
}
