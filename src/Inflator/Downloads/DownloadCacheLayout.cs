using System.Security.Cryptography;
using System.Text;

namespace NetKAN.Bus.Inflator.Downloads;

/// <summary>One package file in the cache, as the cleaner sees it.</summary>
public sealed record CachedPackage(string Path, long Size, DateTimeOffset Modified);

/// <summary>What a cache clean removed and what it left.</summary>
public sealed record CacheCleanResult(IReadOnlyList<CachedPackage> Removed, int Kept, long KeptBytes);

/// <summary>
/// The one home of the download cache's layout, shared by the inflator (writes), the indexer (<c>last_downloaded</c>
/// from a file's modification time), the mirrorer (re-uses and adds packages), the freeze purge and the cleaner:
/// a package is <c>{first 8 hex of SHA-1(url)}-netkan-{identifier}.{ext}</c> with <c>.sha1</c>/<c>.sha256</c>
/// sidecars; downloads in progress carry <c>.part-</c> in their name. A package is found under the prefix of the URL as
/// written and, when different, as C#'s <c>Uri.ToString()</c> writes it (the original C# inflator's cache).
/// </summary>
public sealed class DownloadCacheLayout(string folder)
{
    public const string DefaultFolderName = "cache";

    private readonly DownloadCacheIndex _index = new(Path.GetFullPath(ExpandHome(folder)));

    public string Folder => _index.Folder;

    /// <summary>How many times lookups listed the folder (see <see cref="DownloadCacheIndex"/>).</summary>
    internal int Listings => _index.Listings;

    /// <summary>The first 8 hex digits (uppercase) of SHA-1 over the URL's UTF-8 bytes.</summary>
    public static string UrlPrefix(string url) => Convert.ToHexString(SHA1.HashData(Encoding.UTF8.GetBytes(url)))[..8];

    /// <summary>What C#'s <c>Uri.ToString()</c> does to these escapes (the original's csharp_uri_tostring).</summary>
    public static string CSharpUriString(string url) => url
        .Replace("%20", " ", StringComparison.Ordinal)
        .Replace("%3A", ":", StringComparison.Ordinal)
        .Replace("%27", "'", StringComparison.Ordinal)
        .Replace("%28", "(", StringComparison.Ordinal)
        .Replace("%29", ")", StringComparison.Ordinal);

    /// <summary>Where a finished download of <paramref name="url"/> for a mod is kept.</summary>
    public string PackagePath(string url, string identifier, string extension) =>
        Path.Combine(Folder, $"{UrlPrefix(url)}-netkan-{identifier}.{extension}");

    /// <summary>A unique temporary file for a download in progress (never found by <see cref="FindCached"/>).</summary>
    public string PartPath(string url, string tag) =>
        Path.Combine(Folder, $"{UrlPrefix(url)}-{tag}.part-{Guid.NewGuid():N}");

    /// <summary>The cached package of a URL, if any.</summary>
    public string? FindCached(string url)
    {
        var prefix = UrlPrefix(url);
        if (_index.Packages(prefix) is [var file, ..])
        {
            return file;
        }
        // The name CKAN's client gives the same URL (its Uri form), tried only when the first is not there.
        var clientPrefix = UrlPrefix(CSharpUriString(url));
        return clientPrefix != prefix && _index.Packages(clientPrefix) is [var clientFile, ..] ? clientFile : null;
    }

    /// <summary>When the package of a URL landed in the cache (its modification time), if it is there.</summary>
    public DateTimeOffset? LastDownloaded(string? url) =>
        url is not null && FindCached(url) is { } file && new FileInfo(file) is { Exists: true } package
            ? new DateTimeOffset(package.LastWriteTimeUtc, TimeSpan.Zero)
            : null;

    /// <summary>Removes the cached package of each URL with its sidecars; returns the files removed.</summary>
    public IReadOnlyList<string> Purge(IEnumerable<string> urls)
    {
        var removed = new List<string>();
        foreach (var url in urls)
        {
            while (FindCached(url) is { } path && !removed.Contains(path, StringComparer.Ordinal))
            {
                DeleteWithSidecars(path);
                removed.Add(path);
            }
        }
        return removed;
    }

    /// <summary>Every package in the cache (no sidecars, no downloads in progress).</summary>
    public IReadOnlyList<CachedPackage> Packages() =>
        !Directory.Exists(Folder)
            ? []
            : Directory.EnumerateFiles(Folder).Where(IsPackage)
                .Select(f => new FileInfo(f))
                .Select(f => new CachedPackage(f.FullName, f.Length, new DateTimeOffset(f.LastWriteTimeUtc, TimeSpan.Zero)))
                .ToList();

    /// <summary>
    /// The original's <c>clean-cache --days N</c>: removes packages last written before <paramref name="olderThan"/>;
    /// then, with <paramref name="maxBytes"/>, the oldest remaining ones until the rest fit. Sidecars go with their package;
    /// orphaned sidecars and abandoned <c>.part-</c> files older than the cut-off go too.
    /// </summary>
    public CacheCleanResult Clean(DateTimeOffset olderThan, long? maxBytes)
    {
        var packages = Packages().OrderBy(x => x.Modified).ThenBy(x => x.Path, StringComparer.Ordinal).ToList();
        var removed = packages.Where(x => x.Modified < olderThan).ToList();
        var kept = packages.Except(removed).ToList();
        if (maxBytes is { } cap)
        {
            var total = kept.Sum(x => x.Size);
            while (kept.Count > 0 && total > cap)
            {
                total -= kept[0].Size;
                removed.Add(kept[0]);
                kept.RemoveAt(0);
            }
        }
        foreach (var package in removed)
        {
            DeleteWithSidecars(package.Path);
        }
        if (Directory.Exists(Folder))
        {
            foreach (var leftover in Directory.EnumerateFiles(Folder).Where(f => !IsPackage(f) && !HasPackage(f)).ToList())
            {
                if (File.GetLastWriteTimeUtc(leftover) < olderThan.UtcDateTime)
                {
                    TryDelete(leftover);
                }
            }
        }
        return new CacheCleanResult(removed, kept.Count, kept.Sum(x => x.Size));
    }

    public static void DeleteWithSidecars(string path)
    {
        TryDelete(path);
        TryDelete(path + ".sha1");
        TryDelete(path + ".sha256");
    }

    /// <summary>A finished package: not a hash sidecar, not a download in progress.</summary>
    public static bool IsPackage(string path) => IsPackageName(Path.GetFileName(path.AsSpan()));

    /// <summary><see cref="IsPackage"/> for a file name.</summary>
    public static bool IsPackageName(ReadOnlySpan<char> name) =>
        !name.EndsWith(".sha1", StringComparison.Ordinal) && !name.EndsWith(".sha256", StringComparison.Ordinal)
        && !name.Contains(".part-", StringComparison.Ordinal);

    /// <summary><c>~/x</c> → the user's home + <c>x</c>; environment variables expanded.</summary>
    public static string ExpandHome(string folder) =>
        Environment.ExpandEnvironmentVariables(folder.StartsWith("~/", StringComparison.Ordinal)
            ? Path.Combine(Environment.GetFolderPath(Environment.SpecialFolder.UserProfile), folder[2..])
            : folder);

    private static bool HasPackage(string sidecar) =>
        (sidecar.EndsWith(".sha1", StringComparison.Ordinal) && File.Exists(sidecar[..^".sha1".Length]))
        || (sidecar.EndsWith(".sha256", StringComparison.Ordinal) && File.Exists(sidecar[..^".sha256".Length]));

    private static void TryDelete(string path)
    {
        try
        {
            File.Delete(path);
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
        }
    }
}
