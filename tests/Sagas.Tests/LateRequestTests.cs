using NetKAN.Bus.Contracts.Lifecycle;
using NetKAN.Bus.Contracts.Queues;
using NetKAN.Bus.Contracts.Games;

namespace NetKAN.Bus.Sagas.Tests;

public sealed class LateRequestTests
{
    private static readonly DateTimeOffset PassStarted = new(2026, 8, 1, 12, 0, 0, 400, TimeSpan.Zero);

    [Fact]
    public async Task A_late_request_in_the_same_second_as_a_result_that_crossed_the_wire_leaves_the_mod_settled()
    {
        // The pass starts at 12:00:00.400, the inflation finishes at 12:00:00.900; over the wire its CheckTime
        // arrives as 12:00:00. The indexer records the result before the scheduler records its request.
        var checkTime = new ModInflated("Quick", GameId.Ksp, true, PassStarted.AddMilliseconds(500), FileName: "Quick-1.0.ckan");
        var received = ModInflated.FromWire(checkTime.ToWire()).CheckTime;
        Assert.True(received < PassStarted);

        await using var harness = await LifecycleScenario.StartAsync();
        await harness.Lifecycle.RecordAsync(new InflationSucceeded(GameId.Ksp, "Quick", received, "1.0", "Quick-1.0.ckan"), default);
        await harness.Lifecycle.RecordAsync(new ModIndexed(GameId.Ksp, "Quick", received.AddSeconds(1), IndexOutcome.Unchanged), default);
        await harness.Lifecycle.RecordAsync(new InflationRequested(GameId.Ksp, "Quick", PassStarted, "scheduler"), default);

        var state = await harness.Store.LoadAsync(ModSagaId.For(GameId.Ksp, "Quick"), default);
        Assert.Equal("Unchanged", state!.CurrentState);
        Assert.Equal(PassStarted, state.LastRequested);
    }
}
