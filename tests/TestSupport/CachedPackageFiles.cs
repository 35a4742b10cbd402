namespace NetKAN.Bus.TestSupport;

/// <summary>A download-cache entry as the cache writes it: the package with its .sha1 and .sha256 sidecars, all three
/// dated <c>modified</c> (the cache cleaner goes by that date).</summary>
public static class CachedPackageFiles
{
    public static string Write(string path, int size, DateTimeOffset modified)
    {
        Directory.CreateDirectory(Path.GetDirectoryName(path)!);
        File.WriteAllBytes(path, new byte[size]);
        File.WriteAllText(path + ".sha1", "x");
        File.WriteAllText(path + ".sha256", "x");
        foreach (var file in new[] { path, path + ".sha1", path + ".sha256" })
        {
            File.SetLastWriteTimeUtc(file, modified.UtcDateTime);
        }
        return path;
    }
}
