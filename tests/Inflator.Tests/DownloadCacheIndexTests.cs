using NetKAN.Bus.Inflator.Downloads;
using NetKAN.Bus.TestSupport;

namespace NetKAN.Bus.Inflator.Tests;

/// <summary>
/// Cache lookups (<see cref="DownloadCacheLayout.FindCached"/>) answer from one listing of the folder while the folder
/// is unchanged, and see every package added or removed since.
/// </summary>
public sealed class DownloadCacheIndexTests : IDisposable
{
    private const string Url = "https://spacedock.info/mod/1/Mod/download/1.0";
    private readonly TempDir _dir = new("netkan-cache-index");
    private readonly DateTime _longAgo = DateTime.UtcNow.AddHours(-1);

    public void Dispose() => _dir.Dispose();

    [Fact]
    public void A_settled_folder_is_listed_once_for_many_lookups()
    {
        var layout = new DownloadCacheLayout(_dir.Path);
        var package = Write(layout.PackagePath(Url, "Mod", "zip"));
        Write(package + ".sha1");
        Write(layout.PackagePath("https://example.com/other.zip", "Other", "zip"));
        Directory.SetLastWriteTimeUtc(_dir.Path, _longAgo);

        var found = Enumerable.Range(0, 50).Select(_ => layout.FindCached(Url)).ToList();

        Assert.All(found, x => Assert.Equal(package, x));
        Assert.Equal(1, layout.Listings);
    }

    [Fact]
    public void A_package_added_after_a_listing_is_found()
    {
        var layout = new DownloadCacheLayout(_dir.Path);
        Directory.SetLastWriteTimeUtc(_dir.Path, _longAgo);
        Assert.Null(layout.FindCached(Url));

        var package = Write(layout.PackagePath(Url, "Mod", "zip"));

        Assert.Equal(package, layout.FindCached(Url));
        Assert.NotNull(layout.LastDownloaded(Url));
    }

    [Fact]
    public void A_removed_package_is_no_longer_found()
    {
        var layout = new DownloadCacheLayout(_dir.Path);
        var package = Write(layout.PackagePath(Url, "Mod", "zip"));
        Directory.SetLastWriteTimeUtc(_dir.Path, _longAgo);
        Assert.Equal(package, layout.FindCached(Url));

        DownloadCacheLayout.DeleteWithSidecars(package);

        Assert.Null(layout.FindCached(Url));
        Assert.Null(layout.LastDownloaded(Url));
    }

    [Fact]
    public void A_change_that_leaves_a_recently_changed_folder_time_as_it_was_is_still_seen()
    {
        // A file system's coarse clock can stamp a second change with the time of the first: a listing of a folder
        // that changed moments ago is not trusted to stay current.
        var layout = new DownloadCacheLayout(_dir.Path);
        var recently = DateTime.UtcNow;
        Directory.SetLastWriteTimeUtc(_dir.Path, recently);
        Assert.Null(layout.FindCached(Url));

        var package = Write(layout.PackagePath(Url, "Mod", "zip"));
        Directory.SetLastWriteTimeUtc(_dir.Path, recently);

        Assert.Equal(package, layout.FindCached(Url));
    }

    [Fact]
    public void Sidecars_downloads_in_progress_and_other_prefixes_are_not_packages_and_the_first_in_order_wins()
    {
        var layout = new DownloadCacheLayout(_dir.Path);
        var prefix = DownloadCacheLayout.UrlPrefix(Url);
        Write(Path.Combine(_dir.Path, $"{prefix}-netkan-Mod.zip.sha256"));
        Write(layout.PartPath(Url, "netkan-Mod"));
        Write(Path.Combine(_dir.Path, $"{prefix}X-netkan-Mod.zip"));
        Assert.Null(layout.FindCached(Url));

        var second = Write(Path.Combine(_dir.Path, $"{prefix}-netkan-Mod.zip"));
        var first = Write(Path.Combine(_dir.Path, $"{prefix}-Mod-1.0.zip")); // the original C# inflator's naming

        Assert.Equal(first, layout.FindCached(Url));
        DownloadCacheLayout.DeleteWithSidecars(first);
        Assert.Equal(second, layout.FindCached(Url));
    }

    [Fact]
    public void A_missing_folder_has_no_packages_and_is_seen_once_created()
    {
        var folder = _dir.Combine("not-yet");
        var layout = new DownloadCacheLayout(folder);
        Assert.Null(layout.FindCached(Url));

        Directory.CreateDirectory(folder);
        var package = Write(layout.PackagePath(Url, "Mod", "zip"));

        Assert.Equal(package, layout.FindCached(Url));
    }

    private static string Write(string path)
    {
        File.WriteAllText(path, "x");
        return path;
    }
}
