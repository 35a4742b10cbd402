using NetKAN.Bus.Inflator.Downloads;
using NetKAN.Bus.Services.CacheCleaner;
using NetKAN.Bus.Services.Mirrorer;
using NetKAN.Bus.Services.Tests.Support;
using Microsoft.Extensions.DependencyInjection;
using NetKAN.Bus.TestSupport;

namespace NetKAN.Bus.Services.Tests.CacheCleaner;

/// <summary>The download cache's one layout: finding, purging and cleaning packages with their hash sidecars.</summary>
public sealed class CacheCleanerTests : IDisposable
{
    private static readonly DateTimeOffset Now = DateTimeOffset.UtcNow;
    private readonly TempDir _dir = new("netkan-cache");

    public void Dispose() => _dir.Dispose();

    private static string Package(DownloadCacheLayout cache, string url, string identifier, int ageDays, int size = 10) =>
        CachedPackageFiles.Write(cache.PackagePath(url, identifier, "zip"), size, Now.AddDays(-ageDays));

    [Fact]
    public void Packages_older_than_the_days_go_with_their_sidecars_and_recent_ones_stay()
    {
        var cache = new DownloadCacheLayout(_dir.Combine("cache"));
        var old = Package(cache, "https://example.com/old.zip", "Old", 45);
        var fresh = Package(cache, "https://example.com/new.zip", "New", 2);
        var abandoned = cache.PartPath("https://example.com/x.zip", "netkan-X");
        File.WriteAllText(abandoned, "partial");
        File.SetLastWriteTimeUtc(abandoned, Now.AddDays(-40).UtcDateTime);

        var result = cache.Clean(Now.AddDays(-30), null);

        Assert.Equal([old], result.Removed.Select(x => x.Path));
        Assert.False(File.Exists(old) || File.Exists(old + ".sha1") || File.Exists(old + ".sha256") || File.Exists(abandoned));
        Assert.True(File.Exists(fresh) && File.Exists(fresh + ".sha1") && File.Exists(fresh + ".sha256"));
        Assert.Equal(1, result.Kept);
    }

    [Fact]
    public void A_size_cap_removes_the_oldest_packages_until_the_rest_fit()
    {
        var cache = new DownloadCacheLayout(_dir.Combine("cache"));
        var oldest = Package(cache, "https://example.com/a.zip", "A", 5, size: 600);
        var middle = Package(cache, "https://example.com/b.zip", "B", 3, size: 600);
        var newest = Package(cache, "https://example.com/c.zip", "C", 1, size: 600);

        var result = cache.Clean(Now.AddDays(-30), maxBytes: 1000);

        Assert.Equal([oldest, middle], result.Removed.Select(x => x.Path));
        Assert.True(File.Exists(newest));
        Assert.Equal(600, result.KeptBytes);
    }

    [Fact]
    public void A_package_is_found_and_purged_under_the_CSharp_form_of_its_url_too()
    {
        var cache = new DownloadCacheLayout(_dir.Combine("cache"));
        var written = Package(cache, "https://example.com/My Mod (1).zip", "MyMod", 1);

        Assert.Equal(written, cache.FindCached("https://example.com/My%20Mod%20%281%29.zip"));
        Assert.Equal([written], cache.Purge(["https://example.com/My%20Mod%20%281%29.zip"]));
        Assert.Empty(Directory.EnumerateFiles(cache.Folder));
    }

    [Fact]
    public async Task Every_role_of_a_host_shares_one_cache_folder_and_the_role_cleans_it()
    {
        await using var host = await ServicesHarness.StartAsync(_dir.Combine("data"), new Dictionary<string, string?>
        {
            ["CacheCleaner:RunOnSchedule"] = "false",
            ["CacheCleaner:Days"] = "30",
            ["CacheCleaner:MaxSize"] = "0",
        }, "cache-cleaner", "mirrorer", "indexer");
        var cache = host.Services.GetRequiredService<DownloadCacheLayout>();
        Assert.Equal(_dir.Combine("data", "cache"), cache.Folder);
        Assert.Equal(cache.Folder, host.Services.GetRequiredService<MirrorDownloads>().Folder);
        var fresh = Package(cache, "https://example.com/new.zip", "New", 1);

        var result = host.Services.GetRequiredService<DownloadCacheCleaner>().Clean();

        Assert.Equal([fresh], result.Removed.Select(x => x.Path)); // a cap of 0 leaves nothing
    }

    [Theory]
    [InlineData("1048576", 1048576L)]
    [InlineData("512M", 512L << 20)]
    [InlineData("50G", 50L << 30)]
    [InlineData("1.5kb", 1536L)]
    public void Sizes_parse_with_binary_units(string text, long bytes) => Assert.Equal(bytes, ByteSize.Parse(text));
}
