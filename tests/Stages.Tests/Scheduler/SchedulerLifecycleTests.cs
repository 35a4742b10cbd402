using Microsoft.Extensions.DependencyInjection;
using NetKAN.Bus.Contracts.Games;
using NetKAN.Bus.Contracts.Lifecycle;
using NetKAN.Bus.Sagas.Health;
using NetKAN.Bus.Services.Scheduler;
using NetKAN.Bus.Services.Tests.Support;

namespace NetKAN.Bus.Services.Tests.Scheduler;

/// <summary>A scheduling pass respects the lifecycle: bounded queues and mods backed off for failing the same way.</summary>
public sealed class SchedulerLifecycleTests(CorpusRepositoriesFixture corpus) : CorpusSchedulerTest(corpus)
{
    protected override void Configure(Dictionary<string, string?> configuration) =>
        configuration["Transport:InMemory:MaxQueued"] = "1000"; // fewer than the corpus's 1,400 active netkans

    [Fact]
    public async Task A_pass_that_fills_the_bounded_queue_is_recorded_as_skipped_with_the_reason()
    {
        var result = await Pass.RunAsync(GameId.Ksp, SchedulerGroup.NonHooks, ServicesHarness.Timeout);

        Assert.True(result.Run.Skipped);
        Assert.Equal("Queue Inbound.fifo is full (1000 messages waiting); try again later", result.Run.Reason);
        var run = Assert.Single(await Harness.Services.GetRequiredService<ISchedulerRunLog>().RecentAsync(GameId.Ksp, 10, default));
        Assert.Equal(result.Run.Reason, run.Reason);
        Assert.Equal(1000, CorpusRepositoriesFixture.Drain(Harness, Inbound).Count); // what fitted is inflated
    }

    [Fact]
    public async Task A_mod_failing_the_same_way_three_passes_in_a_row_is_left_out_of_the_pass()
    {
        // The webhooks group is small enough for the bounded queue.
        await Pass.RunAsync(GameId.Ksp, SchedulerGroup.Webhooks, ServicesHarness.Timeout);
        var group = CorpusRepositoriesFixture.Drain(Harness, Inbound).Select(x => x.Identifier!).ToList();
        Assert.True(group.Count > 1);
        var failing = group[0];
        var now = DateTimeOffset.UtcNow;
        for (var pass = 3; pass > 0; pass--)
        {
            await Harness.Services.GetRequiredService<Sagas.Recording.IModLifecycle>().RecordAsync(
                new InflationFailed(GameId.Ksp, failing, now.AddMinutes(-30 * pass), "Could not find any matching asset"), default);
        }
        var row = await Harness.StateAsync(failing);
        Assert.True(row.BackoffUntil > now);
        Assert.Contains("failed the same way 3 passes in a row", row.BackoffReason);

        await Pass.RunAsync(GameId.Ksp, SchedulerGroup.Webhooks, ServicesHarness.Timeout);
        var next = CorpusRepositoriesFixture.Drain(Harness, Inbound).Select(x => x.Identifier!).ToList();

        Assert.DoesNotContain(failing, next);
        Assert.Equal(group.Skip(1).Order(), next.Order());
    }
}
