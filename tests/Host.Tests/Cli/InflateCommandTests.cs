using System.CommandLine;
using System.Text.Json.Nodes;
using NetKAN.Bus.Services.Cli;
using NetKAN.Bus.TestSupport;

namespace NetKAN.Bus.Services.Tests.Cli;

/// <summary>The CLI reads Upstreams__* from the environment, which is process-wide: these tests run one at a time.</summary>
[Collection(nameof(ConsoleCollection))]
public sealed class InflateCommandTests
{
    private static async Task<(int Exit, string Output, string Error)> Run(params string[] args)
    {
        var output = new StringWriter { NewLine = "\n" };
        var error = new StringWriter { NewLine = "\n" };
        var exit = await NetkanCli.Create().Parse(args).InvokeAsync(new InvocationConfiguration { Output = output, Error = error });
        return (exit, output.ToString(), error.ToString());
    }

    [Fact]
    public async Task Inflate_prints_the_ckan_or_writes_files_and_fails_with_exit_1()
    {
        await using var fake = await CannedUpstream.StartAsync();
        using var dir = new TempDir("cli");
        fake.SpaceDockMod(1, "Demo", [new SdVersion(2, "1.0", "/dl/Demo.zip")]);
        fake.SpaceDockFile("/dl/Demo.zip", new ZipBuilder().File("GameData/Demo/Demo.dll", "dll").Build());
        var netkan = dir.Combine("Demo.netkan");
        await File.WriteAllTextAsync(netkan, "identifier: Demo\n$kref: '#/ckan/spacedock/1'\ntags: [plugin]\n");
        var bad = dir.Combine("Bad.netkan");
        await File.WriteAllTextAsync(bad, "identifier: Demo\n$kref: '#/ckan/spacedock/1'\n");
        Environment.SetEnvironmentVariable("Upstreams__SpaceDock", fake.SpaceDock);
        try
        {
            var (exit, output, error) = await Run("inflate", netkan, "--cache", dir.Combine("cache"));
            Assert.Equal(0, exit);
            Assert.Equal("1.0", (string?)JsonNode.Parse(output)!["version"]);
            Assert.EndsWith("}\n", output);

            (exit, output, _) = await Run("inflate", netkan, "--cache", dir.Combine("cache"), "--output", dir.Combine("out"), "--highest-version", "1:0.5");
            Assert.Equal(0, exit);
            Assert.Equal(dir.Combine("out", "Demo-1-1.0.ckan") + "\n", output);
            Assert.True(File.Exists(dir.Combine("out", "Demo-1-1.0.ckan")));

            (exit, output, error) = await Run("inflate", bad, "--cache", dir.Combine("cache"));
            Assert.Equal(1, exit);
            Assert.Equal("", output);
            Assert.Contains("Error: Have metadata for Demo, but wanted Bad", error);
        }
        finally
        {
            Environment.SetEnvironmentVariable("Upstreams__SpaceDock", null);
        }
    }

    [Fact]
    public async Task Netkan_netkan_coverage_reports_count_percentage_and_unsupported_features()
    {
        using var dir = new TempDir("cli");
        await File.WriteAllTextAsync(dir.Combine("A.netkan"), "identifier: A\n$kref: '#/ckan/spacedock/1'\n");
        await File.WriteAllTextAsync(dir.Combine("B.netkan"), "identifier: B\n$kref: '#/ckan/gitlab/a/b'\n");

        var (exit, output, _) = await Run("netkan", "coverage", dir.Path);

        Assert.Equal(0, exit);
        Assert.Equal("B.netkan: $kref source 'gitlab'\n1 of 2 netkans use only supported features (50.0%)\n", output);
    }

    [Fact]
    public async Task Coverage_over_the_corpus_is_at_least_82_percent()
    {
        var (exit, output, _) = await Run("netkan", "coverage", Corpus.NetKanDir);

        Assert.Equal(0, exit);
        Assert.EndsWith("1454 of 1454 netkans use only supported features (100.0%)\n", output);
    }
}
