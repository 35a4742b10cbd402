using System.CommandLine;
using NetKAN.Bus.Inflator.Downloads;
using NetKAN.Bus.Services.Cli;
using NetKAN.Bus.TestSupport;

namespace NetKAN.Bus.Services.Tests.Cli;

/// <summary><c>netkan clean-cache</c>: the cache cleaner (Stages.Tests/CacheCleaner) behind the original's command.</summary>
public sealed class CleanCacheCommandTests : IDisposable
{
    private static readonly DateTimeOffset Now = DateTimeOffset.UtcNow;
    private readonly TempDir _dir = new("netkan-cache");

    public void Dispose() => _dir.Dispose();

    private static string Package(DownloadCacheLayout cache, string url, string identifier, int ageDays) =>
        CachedPackageFiles.Write(cache.PackagePath(url, identifier, "zip"), 10, Now.AddDays(-ageDays));

    [Fact]
    public async Task The_clean_cache_command_prints_the_originals_lines()
    {
        var cache = new DownloadCacheLayout(_dir.Combine("cache"));
        var old = Package(cache, "https://example.com/old.zip", "Old", 45);
        Package(cache, "https://example.com/new.zip", "New", 2);
        var output = new StringWriter();

        var exit = await NetkanCli.Create()
            .Parse(["clean-cache", "--days", "30", "--cache", cache.Folder])
            .InvokeAsync(new InvocationConfiguration { Output = output, Error = new StringWriter() });

        Assert.Equal(0, exit);
        Assert.StartsWith($"Purging {Path.GetFileName(old)} from ckan cache", output.ToString());
        Assert.Contains("Removed 1 package(s); kept 1", output.ToString());
        Assert.False(File.Exists(old));
    }
}
