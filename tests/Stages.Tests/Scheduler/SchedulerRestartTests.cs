using Microsoft.Extensions.DependencyInjection;
using NetKAN.Bus.Contracts.Games;
using NetKAN.Bus.Services.Git;
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

    [Fact]
    public async Task A_host_stopped_while_ckan_meta_still_opens_leaves_it_usable_by_the_next_host()
    {
        // A quick host stop during the start-up reconciliation left the clone-and-reset of 30,000 files running
        // unowned: it still held index.lock when the next host opened the folder, whose reset then failed.
        var set = corpus.CreateSet("stopped-while-opening");
        await using var gitHub = await FakeGitHub.StartAsync();
        var host = await ServicesHarness.StartAsync(set.DataDir, set.Configuration(gitHub), "scheduler");
        var repositories = host.Services.GetRequiredService<GameRepositories>();
        using (var gaveUp = new CancellationTokenSource())
        {
            var opening = repositories.CkanMetaAsync(GameId.Ksp, gaveUp.Token);
            await gaveUp.CancelAsync();
            await Assert.ThrowsAnyAsync<OperationCanceledException>(() => opening);
        }
        await host.DisposeAsync();

        var gitDir = Path.Combine(repositories.PathOf(GameId.Ksp, RepositoryKind.CkanMeta), ".git");
        Assert.False(File.Exists(Path.Combine(gitDir, "index.lock")), "git's index.lock outlived the host");
        using (new FileStream(Path.Combine(gitDir, WorkingCopyOwnership.OwnerFileName), FileMode.Open, FileAccess.ReadWrite, FileShare.None))
        {
            // Taken: nothing of the stopped host holds the copy any more.
        }
        var next = await PassAsync(set, gitHub);
        Assert.Equal(1454, next.Sent.Count);
    }

    private static async Task<(int Parsed, Dictionary<string, Contracts.Queues.InflateMod> Sent)> PassAsync(RepositorySet set, FakeGitHub gitHub)
    {
        await using var host = await ServicesHarness.StartAsync(set.DataDir, set.Configuration(gitHub), "scheduler");
        await host.Services.GetRequiredService<SchedulingPass>().RunAsync(GameId.Ksp, SchedulerGroup.All, ServicesHarness.Timeout);
        var sent = CorpusRepositoriesFixture.Drain(host, "Inbound.fifo").ToDictionary(x => x.Identifier!);
        return (host.Services.GetRequiredService<NetkanScanner>().ParsedInLastScan, sent);
    }
}
