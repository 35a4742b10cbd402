using System.Text.Json.Nodes;
using LibGit2Sharp;
using NetKAN.Bus.Services.Cli;
using NetKAN.Bus.Services.Demo;
using NetKAN.Bus.TestSupport;

namespace NetKAN.Bus.Services.Tests.Demo;

/// <summary><c>netkan demo --once</c>, run in-process exactly as a newcomer runs it.</summary>
public sealed class DemoRunTests
{
    [Fact]
    public async Task The_demo_indexes_every_sample_mod_and_writes_the_status_file()
    {
        using var data = new TempDir("netkan-demo");
        var output = new StringWriter();
        var error = new StringWriter();

        var exit = await NetkanCli.Create()
            .Parse(["demo", "--data", data.Path, "--once", "--port", "0", "--timeout", "120"])
            .InvokeAsync(new() { Output = output, Error = error });

        Assert.True(exit == 0, $"exit {exit}\n{output}\n{error}");

        using (var ckanMeta = new Repository(data.Combine("CKAN-meta")))
        {
            var messages = ckanMeta.Commits.Select(c => c.MessageShort).ToList();
            foreach (var mod in SampleMods.All)
            {
                Assert.Contains($"NetKAN added mod - {mod.Identifier}-{mod.Version}", messages);
                Assert.True(File.Exists(data.Combine("CKAN-meta", mod.Identifier, $"{mod.Identifier}-{mod.Version}.ckan")));
            }
        }
        using (var remote = new Repository(data.Combine("remotes", "CKAN-meta.git")))
        {
            // Pushed, not only committed.
            Assert.Equal(SampleMods.All.Count + 1, remote.Commits.Count());
        }

        var status = JsonNode.Parse(await File.ReadAllTextAsync(data.Combine("status", "netkan.json")))!.AsObject();
        foreach (var mod in SampleMods.All)
        {
            var row = status[mod.Identifier]!;
            Assert.False((bool)row["failed"]!);
            Assert.NotNull((string?)row["last_inflated"]);
            Assert.NotNull((string?)row["last_indexed"]);
            Assert.Equal("ksp", (string?)row["game_id"]);
        }
        Assert.Contains("DemoTelescope", output.ToString());

        // The run's own journal replays to the same rows (states included), offline.
        var replay = new StringWriter();
        var replayExit = await NetkanCli.Create()
            .Parse(["replay", data.Combine("journal.jsonl"), "--expect", data.Combine("status", "netkan.json"), "--cache", data.Combine("cache")])
            .InvokeAsync(new() { Output = replay, Error = new StringWriter() });
        Assert.True(replayExit == 0, replay.ToString());
        Assert.Contains("0 problems", replay.ToString());
        Assert.Contains("Same rows as netkan.json", replay.ToString());
        foreach (var mod in SampleMods.All)
        {
            Assert.Matches($@"{mod.Identifier}\s+Mirrored\s", replay.ToString());
        }

        // A second run over the same data settles too, and commits nothing new (the metadata is unchanged).
        var again = await NetkanCli.Create()
            .Parse(["demo", "--data", data.Path, "--once", "--port", "0", "--timeout", "120"])
            .InvokeAsync(new() { Output = new StringWriter(), Error = new StringWriter() });
        Assert.Equal(0, again);
        using var afterSecondRun = new Repository(data.Combine("remotes", "CKAN-meta.git"));
        Assert.Equal(SampleMods.All.Count + 1, afterSecondRun.Commits.Count());
    }
}
