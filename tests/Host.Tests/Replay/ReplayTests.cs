using System.Text.Json.Nodes;
using NetKAN.Bus.Contracts.Lifecycle;
using NetKAN.Bus.Contracts.Queues;
using NetKAN.Bus.Contracts.Wire;
using NetKAN.Bus.Contracts.Games;
using NetKAN.Bus.Services.Cli;
using NetKAN.Bus.Services.Replay;
using NetKAN.Bus.Services.Transport;
using NetKAN.Bus.TestSupport;

namespace NetKAN.Bus.Services.Tests.Replay;

/// <summary>Journals replayed through the real consumers give the states a user would expect to see.</summary>
public sealed class ReplayTests
{
    private static readonly DateTimeOffset T0 = new(2026, 8, 1, 12, 0, 0, TimeSpan.Zero);

    [Fact]
    public async Task Success_error_then_fix_unchanged_staged_and_frozen_replay_to_the_expected_states()
    {
        using var temp = new TempDir();
        var journal = temp.Combine("journal.jsonl");
        await File.WriteAllLinesAsync(journal,
        [
            Line("Inbound.fifo", new InflateMod(GameId.Ksp, "identifier: Good\n$kref: '#/ckan/spacedock/1'\n").ToWire(), T0),
            Line("Outbound.fifo", Success("Good", "1.0", T0.AddMinutes(1)), T0.AddMinutes(1)),
            Line("Outbound.fifo", new ModInflated("Flaky", GameId.Ksp, false, T0.AddMinutes(2),
                ErrorMessage: "Could not get the mod from SpaceDock, reason: Mod not found.").ToWire(), T0.AddMinutes(2)),
            Line("Outbound.fifo", Success("Flaky", "2.0", T0.AddMinutes(3)), T0.AddMinutes(3)),
            Line("Outbound.fifo", Success("Good", "1.0", T0.AddMinutes(4)), T0.AddMinutes(4)),
            Line("Outbound.fifo", Success("Risky", "0.1", T0.AddMinutes(5), staged: "Hard-coded game versions not compatible"), T0.AddMinutes(5)),
            Line(JournalingModLifecycle.Queue, JournalingModLifecycle.ToWire(new ModFrozen(GameId.Ksp, "Old", T0.AddMinutes(6), "webhook")), T0.AddMinutes(6)),
        ]);

        var outcome = await ReplayRunner.RunAsync(journal, TextWriter.Null, default);

        Assert.Empty(outcome.Problems);
        var states = outcome.States.ToDictionary(s => s.Identifier);
        Assert.Equal(["Flaky", "Good", "Old", "Risky"], states.Keys.Order());

        Assert.Equal("Unchanged", states["Good"].CurrentState);
        Assert.True(states["Good"].Success);
        Assert.Equal(T0, states["Good"].LastRequested);
        Assert.Equal(T0.AddMinutes(4), states["Good"].LastInflated);
        Assert.Contains(states["Good"].History, h => h.Event == "indexed (added)");
        Assert.Contains(states["Good"].History, h => h.Event == "indexed (unchanged)");

        Assert.Equal("Indexed", states["Flaky"].CurrentState);
        Assert.True(states["Flaky"].Success);
        Assert.Null(states["Flaky"].LastError);
        var resolved = Assert.Single(states["Flaky"].Errors);
        Assert.Equal(T0.AddMinutes(2), resolved.FirstSeen);
        Assert.Equal(T0.AddMinutes(3), resolved.ResolvedAt);

        Assert.Equal("Staged", states["Risky"].CurrentState);
        Assert.True(states["Risky"].Staged);
        Assert.Contains("/pull/", states["Risky"].PullRequestUrl);

        Assert.Equal("Frozen", states["Old"].CurrentState);
        Assert.True(states["Old"].Frozen);
    }

    [Fact]
    public async Task The_replay_command_prints_each_mods_state_and_reports_lines_it_cannot_replay()
    {
        using var temp = new TempDir();
        var journal = temp.Combine("journal.jsonl");
        await File.WriteAllLinesAsync(journal,
        [
            Line("Outbound.fifo", Success("Good", "1.0", T0), T0),
            Line("NoSuchQueue.fifo", new MirrorMod(GameId.Ksp, "Good/Good-1.0.ckan").ToWire(), T0),
        ]);
        var output = new StringWriter();
        var error = new StringWriter();

        var exit = await NetkanCli.Create().Parse(["replay", journal]).InvokeAsync(new() { Output = output, Error = error });

        Assert.Equal(1, exit);
        Assert.Matches(@"Good\s+Indexed\s+1\.0\s+ok", output.ToString());
        Assert.Contains("2 journal lines, 1 mods, 1 problems", output.ToString());
        Assert.Contains("line 2: no consumer for queue 'NoSuchQueue.fifo'", error.ToString());
    }

    [Fact]
    public async Task A_journalled_mirror_outcome_lands_after_indexing_and_expect_prints_each_difference()
    {
        using var temp = new TempDir();
        var journal = temp.Combine("journal.jsonl");
        await File.WriteAllLinesAsync(journal,
        [
            Line("Outbound.fifo", Success("Good", "1.0", T0), T0),
            Line(JournalingModLifecycle.Queue, JournalingModLifecycle.ToWire(new ModMirrored(GameId.Ksp, "Good", T0.AddSeconds(2), "Good-1.0")), T0.AddSeconds(2)),
            Line("Mirroring.fifo", new MirrorMod(GameId.Ksp, "Good/Good-1.0.ckan").ToWire(), T0.AddSeconds(3)),
        ]);
        var expected = temp.Combine("netkan.json");
        await File.WriteAllTextAsync(expected, $$$"""
            {"Good": {"game_id": "ksp", "last_error": "Broken", "last_indexed": "{{{T0:O}}}", "frozen": false, "failed": true},
             "Gone": {"game_id": "ksp", "last_error": null, "frozen": false, "failed": false}}
            """);
        var output = new StringWriter();

        var exit = await NetkanCli.Create().Parse(["replay", journal, "--expect", expected])
            .InvokeAsync(new() { Output = output, Error = new StringWriter() });

        Assert.Equal(1, exit);
        Assert.Matches(@"Good\s+Mirrored\s", output.ToString());
        Assert.Contains("Good (ksp): last_error: expected \"Broken\", replayed null", output.ToString());
        Assert.Contains("Good (ksp): failed: expected true, replayed false", output.ToString());
        Assert.DoesNotContain("last_indexed", output.ToString()); // stamped at the journalled time
        Assert.Contains("Gone (ksp): in the status file, not in the replay", output.ToString());
        Assert.Contains("3 differences from netkan.json", output.ToString());
    }

    private static WireMessage Success(string identifier, string version, DateTimeOffset time, string? staged = null)
    {
        var ckan = new JsonObject
        {
            ["spec_version"] = 1,
            ["identifier"] = identifier,
            ["name"] = identifier,
            ["abstract"] = "A replayed mod",
            ["author"] = "someone",
            ["version"] = version,
            ["ksp_version"] = "1.12.5",
            ["license"] = "MIT",
            ["download"] = $"https://example.invalid/{identifier}-{version}.zip",
        };
        var body = ckan.ToJsonString(new System.Text.Json.JsonSerializerOptions { WriteIndented = true }) + "\n";
        return new ModInflated(identifier, GameId.Ksp, true, time, body, $"{identifier}-{version}.ckan",
            Staged: staged is not null, StagingReason: staged).ToWire();
    }

    private static string Line(string queue, WireMessage message, DateTimeOffset time) =>
        new JournalEntry(queue, message.Body, message.Attributes, time).ToLine();
}
