using System.CommandLine;
using NetKAN.Bus.Inflator.Downloads;
using NetKAN.Bus.Services.Cli;
using NetKAN.Bus.TestSupport;

namespace NetKAN.Bus.Services.Tests.Cli;

/// <summary><c>netkan clean-cache</c>: the cache cleaner (Stages.Tests/CacheCleaner) behind the original's command.</summary>
public sealed class CleanCacheCommandTests
{
    [Fact]
    public async Task The_clean_cache_command_prints_the_originals_lines()
    {
        using var dir = new TempDir("netkan-cache");
        var cache = new DownloadCacheLayout(dir.Combine("cache"));
        var now = DateTimeOffset.UtcNow;
        var old = CachedPackageFiles.Write(cache.PackagePath("https://example.com/old.zip", "Old", "zip"), 10, now.AddDays(-45));
        CachedPackageFiles.Write(cache.PackagePath("https://example.com/new.zip", "New", "zip"), 10, now.AddDays(-2));
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
