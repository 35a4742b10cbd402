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
