using Microsoft.Extensions.DependencyInjection;
using NetKAN.Bus.Contracts.Queues;
using NetKAN.Bus.Metadata.Documents;
using NetKAN.Bus.Contracts.Games;
using NetKAN.Bus.Sagas.Health;
using NetKAN.Bus.Services.Scheduler;
using NetKAN.Bus.Services.Tests.Support;
using NetKAN.Bus.TestSupport;

namespace NetKAN.Bus.Services.Tests.Scheduler;

/// <summary>Scheduling passes over the real NetKAN and CKAN-meta corpora, cloned from bare remotes.</summary>
public sealed class SchedulerTests(CorpusRepositoriesFixture corpus) : CorpusSchedulerTest(corpus)
{
    [Fact]
    public async Task The_regular_pass_sends_every_active_netkan_that_is_not_hook_only_with_its_highest_versions()
    {
        var result = await Pass.RunAsync(GameId.Ksp, SchedulerGroup.NonHooks, ServicesHarness.Timeout);

        var sent = CorpusRepositoriesFixture.Drain(Harness, Inbound).ToDictionary(x => x.Identifier!);
        var expected = CorpusNetkans().Where(x => !x.IsHookOnly).Select(x => x.Identifier).ToHashSet();
        Assert.Equal(expected.Count, sent.Count);
        Assert.Equal(expected.Order(), sent.Keys.Order());
        Assert.Equal(sent.Count, result.Run.Sent);
        Assert.False(result.Run.Skipped);

        // Checked by hand against the CKAN-meta files (CKAN version order: "v." sorts after "v", epochs dominate).
        AssertVersions(sent["StarshipExpansionProject"], "v.3.2.1", "v.3.2.3");
        AssertVersions(sent["KSPBurst"], "v1.7.4.11", "v1.7.4.8");
        AssertVersions(sent["MechJeb2"], "2.15.3.0", null);
        AssertVersions(sent["Kopernicus"], null, null); // x_netkan_allow_out_of_order
        AssertVersions(sent["CommNetAntennasInfo"], null, null); // likewise
        Assert.All(sent.Values, x => Assert.Equal(GameId.Ksp, x.Game));
        var mechJeb = File.ReadAllText(Path.Combine(Repositories.Shared.NetKanWorkingCopy, "NetKAN", "MechJeb2.netkan"));
        Assert.Equal(mechJeb, sent["MechJeb2"].Netkan); // the body is the file's text, unchanged
    }

    [Fact]
    public async Task The_webhooks_pass_sends_only_spacedock_netkans_without_vref_and_frozen_mods_never()
    {
        await Pass.RunAsync(GameId.Ksp, SchedulerGroup.Webhooks, ServicesHarness.Timeout);
        var webhooks = CorpusRepositoriesFixture.Drain(Harness, Inbound);
        await Pass.RunAsync(GameId.Ksp, SchedulerGroup.All, ServicesHarness.Timeout);
        var all = CorpusRepositoriesFixture.Drain(Harness, Inbound);

        Assert.Equal(CorpusNetkans().Count(x => x.IsHookOnly), webhooks.Count);
        Assert.All(webhooks, x => Assert.Contains("#/ckan/spacedock/", x.Netkan));
        Assert.Contains(webhooks, x => x.Identifier == "kOS-SpaceCore" && x.HighestVersion == "1.1.1");
        Assert.Equal(1454, all.Count); // every .netkan of the corpus, none of the 2,403 .frozen
        var frozen = Directory.EnumerateFiles(Corpus.NetKanDir, "*.frozen").Select(Path.GetFileNameWithoutExtension).ToHashSet();
        Assert.DoesNotContain(all, x => frozen.Contains(x.Identifier!));
    }

    [Fact]
    public async Task A_pass_is_recorded_and_every_mod_gets_inflation_requested_on_its_status()
    {
        var result = await Pass.RunAsync(GameId.Ksp, SchedulerGroup.NonHooks, ServicesHarness.Timeout);

        var run = Assert.Single(await Harness.Services.GetRequiredService<ISchedulerRunLog>().RecentAsync(GameId.Ksp, 10, default));
        Assert.False(run.Skipped);
        Assert.Equal(result.Run.Sent, run.Sent);
        Assert.Equal("nonhooks", run.Group);
        Assert.Equal(5000, run.GitHubRemaining);
        var state = await Harness.StateAsync("MechJeb2");
        Assert.Equal("scheduler (nonhooks)", state.LastRequestSource);
        Assert.NotNull(state.LastRequested);
        Assert.Equal(result.Run.Sent, (await Harness.Store.ListAsync(GameId.Ksp, default)).Count);
    }

    [Fact]
    public async Task A_pass_is_skipped_and_the_reason_recorded_when_the_inflation_queue_is_too_full()
    {
        await Harness.InMemoryQueues.SendAsync(Inbound, Enumerable.Range(0, 21).Select(CorpusRepositoriesFixture.Dummy).ToList(), default);

        var result = await Pass.RunAsync(GameId.Ksp, SchedulerGroup.NonHooks, ServicesHarness.Timeout);

        Assert.True(result.Run.Skipped);
        Assert.Equal("Inflation queue Inbound.fifo holds 21 messages, more than 20", result.Run.Reason);
        Assert.Equal(21, CorpusRepositoriesFixture.Drain(Harness, Inbound).Count); // nothing added
        var run = Assert.Single(await Harness.Services.GetRequiredService<ISchedulerRunLog>().RecentAsync(GameId.Ksp, 10, default));
        Assert.Equal(result.Run.Reason, run.Reason);
        Assert.Equal(21, run.QueueDepth);
    }

    [Fact]
    public async Task A_pass_is_skipped_and_the_reason_recorded_when_few_github_requests_remain()
    {
        GitHubApi.RateLimitRemaining = 1499;

        var result = await Pass.RunAsync(GameId.Ksp, SchedulerGroup.NonHooks, ServicesHarness.Timeout);

        Assert.True(result.Run.Skipped);
        Assert.Equal("GitHub API rate limit remaining 1499 below 1500", result.Run.Reason);
        Assert.Empty(CorpusRepositoriesFixture.Drain(Harness, Inbound));
        Assert.Contains(GitHubApi.Requests, x => x is { Method: "GET", Path: "/api/v3/rate_limit" });
        var run = Assert.Single(await Harness.Services.GetRequiredService<ISchedulerRunLog>().RecentAsync(GameId.Ksp, 10, default));
        Assert.Equal(1499, run.GitHubRemaining);
    }

    [Fact]
    public async Task Changes_pushed_to_the_remotes_are_pulled_before_the_next_pass()
    {
        var repos = Repositories.CreateSet("pushed");
        await using var host = await ServicesHarness.StartAsync(repos.DataDir, repos.Configuration(GitHubApi), "scheduler");
        var pass = host.Services.GetRequiredService<SchedulingPass>();
        await pass.RunAsync(GameId.Ksp, SchedulerGroup.NonHooks, ServicesHarness.Timeout);
        Assert.Equal("2.15.3.0", CorpusRepositoriesFixture.Drain(host, Inbound).Single(x => x.Identifier == "MechJeb2").HighestVersion);

        var newNetkan = "spec_version: v1.4\nidentifier: BrandNewMod\n$kref: '#/ckan/github/example/BrandNewMod'\nlicense: MIT\n";
        var netkan = GitRepos.Clone(repos.NetKanRemote, Repositories.Temp("pushed/netkan-other"));
        GitRepos.CommitAndPush(netkan, new Dictionary<string, string> { ["NetKAN/BrandNewMod.netkan"] = newNetkan }, "Add BrandNewMod");
        var ckanMeta = GitRepos.Clone(repos.CkanMetaRemote, Repositories.Temp("pushed/ckanmeta-other"));
        GitRepos.CommitAndPush(ckanMeta, new Dictionary<string, string>
        {
            ["MechJeb2/MechJeb2-2.99.0.0.ckan"] = CkanSamples.Ckan("MechJeb2", "2.99.0.0"),
            ["MechJeb2/MechJeb2-3.0.0.0-beta.ckan"] = CkanSamples.Ckan("MechJeb2", "3.0.0.0-beta", "testing"),
        }, "NetKAN added mod - MechJeb2-2.99.0.0");

        await pass.RunAsync(GameId.Ksp, SchedulerGroup.NonHooks, ServicesHarness.Timeout);

        var sent = CorpusRepositoriesFixture.Drain(host, Inbound).ToDictionary(x => x.Identifier!);
        Assert.Equal(newNetkan, sent["BrandNewMod"].Netkan);
        AssertVersions(sent["MechJeb2"], "2.99.0.0", "3.0.0.0-beta");
    }

    private static void AssertVersions(InflateMod message, string? stable, string? prerelease)
    {
        Assert.Equal(stable, message.HighestVersion);
        Assert.Equal(prerelease, message.HighestVersionPrerelease);
    }

    private static IEnumerable<NetkanFile> CorpusNetkans() =>
        Directory.EnumerateFiles(Corpus.NetKanDir, "*.netkan").Select(NetkanFile.Load);
}
