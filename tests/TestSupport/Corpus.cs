using System.Formats.Tar;
using System.IO.Compression;

namespace NetKAN.Bus.TestSupport;

/// <summary>
/// The real NetKAN and CKAN-meta snapshots, extracted once per machine into .cache/corpus under the repository
/// (git-ignored). Extraction goes to a temp folder that is renamed into place, so parallel test processes never
/// see a half-extracted tree.
/// </summary>
public static class Corpus
{
    private static readonly Lazy<string> NetKanLazy = new(() => Extract(SharedFolder.NetKanTarball, "NetKAN"));
    private static readonly Lazy<string> CkanMetaLazy = new(() => Extract(SharedFolder.CkanMetaTarball, "CKAN-meta"));

    /// <summary>The NetKAN repository root (holds the NetKAN/ folder of .netkan and .frozen files).</summary>
    public static string NetKanRepo => NetKanLazy.Value;

    /// <summary>The NetKAN/ folder with the .netkan and .frozen files.</summary>
    public static string NetKanDir => Path.Combine(NetKanRepo, "NetKAN");

    /// <summary>The CKAN-meta repository root (one folder per mod).</summary>
    public static string CkanMetaDir => CkanMetaLazy.Value;

    private static string Extract(string tarball, string topFolder)
    {
        var cacheRoot = Path.Combine(SharedFolder.RepoRoot, ".cache", "corpus");
        var stamp = new FileInfo(tarball).Length.ToString();
        var target = Path.Combine(cacheRoot, $"{topFolder}-{stamp}");
        var done = Path.Combine(target, ".extracted");
        if (File.Exists(done))
        {
            return Path.Combine(target, topFolder);
        }

        Directory.CreateDirectory(cacheRoot);
        var staging = Path.Combine(cacheRoot, $".{topFolder}-{Guid.NewGuid():N}");
        Directory.CreateDirectory(staging);
        using (var file = File.OpenRead(tarball))
        using (var gzip = new GZipStream(file, CompressionMode.Decompress))
        {
            TarFile.ExtractToDirectory(gzip, staging, overwriteFiles: true);
        }
        File.WriteAllText(Path.Combine(staging, ".extracted"), tarball);
        try
        {
            Directory.Move(staging, target);
        }
        catch (IOException) when (File.Exists(done))
        {
            // Another process won the race; its copy is complete.
            Directory.Delete(staging, recursive: true);
        }
        return Path.Combine(target, topFolder);
    }
}
