using System.IO.Enumeration;

namespace NetKAN.Bus.Inflator.Downloads;

/// <summary>
/// The cache folder's packages grouped by URL prefix, so a lookup does not list the folder: listing a cache of 3,600
/// packages with their sidecars costs ≈4 ms, and the indexer looks one up for every inflation result
/// (<c>last_downloaded</c>). A listing is used while the folder's modification time is what it was when listed (any
/// file added, renamed or removed changes it). File systems stamp times from a coarse clock, so a change in the same
/// tick as the one before a listing would leave the time as it was: a listing taken less than
/// <see cref="Settled"/> after the folder last changed serves one lookup and is then taken again.
/// </summary>
internal sealed class DownloadCacheIndex(string folder)
{
    /// <summary>How long after its last change a folder's listing is trusted to stay current while its time holds.</summary>
    public static readonly TimeSpan Settled = TimeSpan.FromSeconds(2);

    private readonly object _listing = new();
    private volatile Listing? _current;

    public string Folder => folder;

    /// <summary>How many times the folder was listed (for tests and diagnostics).</summary>
    public int Listings { get; private set; }

    /// <summary>The packages (no sidecars, no downloads in progress) named <c>{prefix}-…</c>, in ordinal order.</summary>
    public IReadOnlyList<string> Packages(string prefix)
    {
        var modified = FolderModified();
        if (modified is null)
        {
            return [];
        }
        var current = _current;
        if (current is null || !current.Trusted || current.FolderModified != modified)
        {
            current = Relist(current);
        }
        return current.ByPrefix.TryGetValue(prefix, out var packages) ? packages : [];
    }

    private Listing Relist(Listing? seen)
    {
        lock (_listing)
        {
            // The time is read before listing: a change made during the listing then makes the next lookup list again.
            var modified = FolderModified() ?? DateTime.MinValue;
            // Another caller may have listed while this one waited.
            if (_current is { } fresh && !ReferenceEquals(fresh, seen) && fresh.FolderModified == modified)
            {
                return fresh;
            }
            var listing = new Listing(modified, Trusted: DateTime.UtcNow - modified > Settled, PackagesByPrefix());
            Listings++;
            _current = listing;
            return listing;
        }
    }

    /// <summary>
    /// The folder's packages by prefix (the name up to its first '-'), each list in ordinal order; none when the folder
    /// was removed while it was being listed. Names are checked as the directory hands them out, and only a package's
    /// full path is made: this runs for every lookup in the seconds after the folder changed.
    /// </summary>
    private Dictionary<string, List<string>> PackagesByPrefix()
    {
        var byPrefix = new Dictionary<string, List<string>>(StringComparer.Ordinal);
        try
        {
            var packages = new FileSystemEnumerable<(string Prefix, string Path)?>(folder, (ref FileSystemEntry entry) =>
                {
                    var name = entry.FileName;
                    var dash = name.IndexOf('-');
                    return dash > 0 && DownloadCacheLayout.IsPackageName(name)
                        ? (name[..dash].ToString(), entry.ToFullPath())
                        : null;
                },
                new EnumerationOptions { RecurseSubdirectories = false, AttributesToSkip = 0 })
            {
                ShouldIncludePredicate = (ref FileSystemEntry entry) => !entry.IsDirectory,
            };
            foreach (var package in packages)
            {
                if (package is { } found)
                {
                    if (!byPrefix.TryGetValue(found.Prefix, out var list))
                    {
                        byPrefix[found.Prefix] = list = new List<string>(1);
                    }
                    list.Add(found.Path);
                }
            }
        }
        catch (DirectoryNotFoundException)
        {
            byPrefix.Clear();
        }
        foreach (var list in byPrefix.Values)
        {
            list.Sort(StringComparer.Ordinal);
        }
        return byPrefix;
    }

    private DateTime? FolderModified()
    {
        var info = new DirectoryInfo(folder);
        return info.Exists ? info.LastWriteTimeUtc : null;
    }

    private sealed record Listing(DateTime FolderModified, bool Trusted, Dictionary<string, List<string>> ByPrefix);
}
