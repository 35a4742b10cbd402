using Microsoft.Extensions.DependencyInjection;
using NetKAN.Bus.Contracts.Games;
using NetKAN.Bus.Services.ModCatalog;
using NetKAN.Bus.Services.Scheduler;
using NetKAN.Bus.Services.Tests.Support;

namespace NetKAN.Bus.Services.Tests.Scheduler;

/// <summary>A new scheduler process on the same data neither re-parses the netkans nor re-reads CKAN-meta, and sends
/// exactly what the first process sent.</summary>
public sealed class SchedulerRestartTests(CorpusRepositoriesFixture corpus) : IClassFixture<CorpusRepositoriesFixture>
{
    [Fact]
    public async Task A_second_process_parses_no_netkan_again_and_sends_the_same_requests()
    {
        var set = corpus.CreateSet("restart");
        await using var gitHub = await FakeGitHub.StartAsync();

        var first = await PassAsync(set, gitHub);
        Assert.Equal(1454, first.Parsed);

        // Edit one netkan between the runs: only that file is parsed again.
        var edited = Path.Combine(set.NetKanWorkingCopy, "NetKAN", "MechJeb2.netkan");
        File.AppendAllText(edited, "\n");
        var second = await PassAsync(set, gitHub);
        Assert.Equal(1, second.Parsed);
        Assert.Equal(first.Sent.Keys.Order(), second.Sent.Keys.Order());
        Assert.All(first.Sent, x => Assert.Equal(
            (x.Value.HighestVersion, x.Value.HighestVersionPrerelease),
            (second.Sent[x.Key].HighestVersion, second.Sent[x.Key].HighestVersionPrerelease)));
        Assert.EndsWith("\n", second.Sent["MechJeb2"].Netkan); // the body is the edited text
    }

    private static async Task<(int Parsed, Dictionary<string, Contracts.Queues.InflateMod> Sent)> PassAsync(RepositorySet set, FakeGitHub gitHub)
    {
        await using var host = await ServicesHarness.StartAsync(set.DataDir, set.Configuration(gitHub), "scheduler");
        await host.Services.GetRequiredService<SchedulingPass>().RunAsync(GameId.Ksp, SchedulerGroup.All, ServicesHarness.Timeout);
        var sent = CorpusRepositoriesFixture.Drain(host, "Inbound.fifo").ToDictionary(x => x.Identifier!);
        return (host.Services.GetRequiredService<NetkanScanner>().ParsedInLastScan, sent);
    }
}
