using NetKAN.Bus.Contracts.Lifecycle;
using NetKAN.Bus.Contracts.Games;
using NetKAN.Bus.Sagas.Status;

namespace NetKAN.Bus.Sagas.Tests;

/// <summary>Each deadline: a lost result makes the stage stalled and re-requested, and the result recovers it.</summary>
public sealed class DeadlineTests
{
    private static readonly GameId Ksp = GameId.Ksp;

    private static TimeSpan H(double hours) => TimeSpan.FromHours(hours);

    [Fact]
    public async Task A_lost_inflation_result_is_stalled_re_requested_with_back_off_and_recovered()
    {
        await using var run = await LifecycleScenario.StartAsync();
        await run.RecordAsync(t => new InflationRequested(Ksp, "Mod", t, "scheduler"), H(0));

        // Not due yet: nothing happens.
        await run.RecordAsync(t => new DeadlinePassed(Ksp, "Mod", t, AwaitedStage.Inflation), H(1));
        Assert.Null((await run.RowAsync()).Stall);
        Assert.Empty(run.Commands.Sent);

        await run.RecordAsync(t => new DeadlinePassed(Ksp, "Mod", t, AwaitedStage.Inflation), H(2.5));
        var stalled = await run.RowAsync();
        var stall = Assert.IsType<AwaitedStage>(stalled.Stall);
        Assert.Equal(LifecycleScenario.T0, stall.Since);
        Assert.Equal(LifecycleScenario.T0 + H(2.5), stall.StalledSince);
        Assert.Equal(1, stall.Retries);
        Assert.Equal(LifecycleScenario.T0 + H(2.5) + H(4), stall.Deadline); // the 2 h deadline doubled
        Assert.Equal(["inflate ksp/Mod"], run.Commands.Sent);
        Assert.Contains(stalled.History, x => x.Event == "stalled" && x.Detail!.Contains("no inflation result since 2026-08-01 12:00 UTC"));

        await run.RecordAsync(t => new InflationSucceeded(Ksp, "Mod", t, "1.0", "Mod-1.0.ckan"), H(3));
        var recovered = await run.RowAsync();
        Assert.Null(recovered.Stall);
        Assert.Equal([AwaitedStage.Indexing], recovered.Awaiting.Select(x => x.Stage));
    }

    [Fact]
    public async Task A_lost_mirror_request_is_stalled_sent_again_and_recovered()
    {
        await using var run = await LifecycleScenario.StartAsync();
        await run.RecordAsync(t => new ModIndexed(Ksp, "Mod", t, IndexOutcome.Added, "Mod-1.0.ckan", "c1", Redistributable: true), H(0));
        await run.RecordAsync(t => new DeadlinePassed(Ksp, "Mod", t, AwaitedStage.Mirror), H(2));

        var stalled = await run.RowAsync();
        Assert.Equal(AwaitedStage.Mirror, stalled.Stall?.Stage);
        Assert.Equal(["mirror ksp/Mod/Mod-1.0.ckan", "mirror ksp/Mod/Mod-1.0.ckan"], run.Commands.Sent);

        await run.RecordAsync(t => new ModMirrored(Ksp, "Mod", t, "Mod-1.0"), H(2.1));
        var recovered = await run.RowAsync();
        Assert.Null(recovered.Stall);
        Assert.Equal(LifecycleStates.Mirrored, recovered.CurrentState);
    }

    [Fact]
    public async Task A_lost_index_outcome_is_stalled_re_inflated_and_recovered_by_the_unchanged_outcome()
    {
        await using var run = await LifecycleScenario.StartAsync();
        await run.RecordAsync(t => new InflationRequested(Ksp, "Mod", t, "scheduler"), H(0));
        await run.RecordAsync(t => new InflationSucceeded(Ksp, "Mod", t, "1.0", "Mod-1.0.ckan"), H(0.01));
        await run.RecordAsync(t => new DeadlinePassed(Ksp, "Mod", t, AwaitedStage.Indexing), H(1.5));

        var stalled = await run.RowAsync();
        Assert.Equal(AwaitedStage.Indexing, stalled.Stall?.Stage);
        Assert.Equal(["inflate ksp/Mod"], run.Commands.Sent);
        Assert.Null(stalled.LastIndexed);

        await run.RecordAsync(t => new ModIndexed(Ksp, "Mod", t, IndexOutcome.Unchanged, "Mod-1.0.ckan", "head", Redistributable: true), H(1.6));
        var recovered = await run.RowAsync();
        Assert.DoesNotContain(recovered.Awaiting, x => x.Stage == AwaitedStage.Indexing);
        Assert.Equal(LifecycleScenario.T0 + H(1.6), recovered.LastIndexed);
        Assert.Equal("mirror ksp/Mod/Mod-1.0.ckan", run.Commands.Sent[^1]);
    }

    [Fact]
    public async Task After_the_last_re_request_the_stage_stays_stalled_and_nothing_more_is_sent()
    {
        await using var run = await LifecycleScenario.StartAsync(o => o.MaxRetries = 1);
        await run.RecordAsync(t => new InflationRequested(Ksp, "Mod", t, "webhook"), H(0));
        await run.RecordAsync(t => new DeadlinePassed(Ksp, "Mod", t, AwaitedStage.Inflation), H(2));
        await run.RecordAsync(t => new DeadlinePassed(Ksp, "Mod", t, AwaitedStage.Inflation), H(7));

        var row = await run.RowAsync();
        Assert.Equal(["inflate ksp/Mod"], run.Commands.Sent);
        Assert.Null(row.Stall!.Deadline);
        Assert.Contains(row.History, x => x.Event == "stalled" && x.Detail!.Contains("gave up after 1 re-requests"));

        // A sweep later still does nothing.
        await run.RecordAsync(t => new DeadlinePassed(Ksp, "Mod", t, AwaitedStage.Inflation), H(30));
        Assert.Single(run.Commands.Sent);
    }

    [Fact]
    public async Task A_deadline_for_a_mod_without_a_row_creates_none()
    {
        await using var run = await LifecycleScenario.StartAsync();
        await run.RecordAsync(t => new DeadlinePassed(Ksp, "Ghost", t, AwaitedStage.Inflation), H(3));

        Assert.Null(await run.Store.LoadAsync(ModSagaId.For(Ksp, "Ghost"), default));
        Assert.Empty(run.Commands.Sent);
    }

    [Fact]
    public async Task A_mod_failing_the_same_way_three_passes_in_a_row_is_backed_off_until_it_succeeds()
    {
        await using var run = await LifecycleScenario.StartAsync();
        for (var pass = 0; pass < 2; pass++)
        {
            await run.RecordAsync(t => new InflationFailed(Ksp, "Mod", t, "No asset matches"), H(pass * 0.5));
        }
        Assert.Null((await run.RowAsync()).BackoffUntil);

        await run.RecordAsync(t => new InflationFailed(Ksp, "Mod", t, "No asset matches"), H(1));
        var backedOff = await run.RowAsync();
        Assert.Equal(LifecycleScenario.T0 + H(3), backedOff.BackoffUntil);
        Assert.Contains("failed the same way 3 passes in a row since 2026-08-01 12:00 UTC", backedOff.BackoffReason);
        Assert.Equal(LifecycleScenario.T0, backedOff.FailingSince);

        await run.RecordAsync(t => new InflationFailed(Ksp, "Mod", t, "No asset matches"), H(4));
        Assert.Equal(LifecycleScenario.T0 + H(8), (await run.RowAsync()).BackoffUntil); // doubled

        await run.RecordAsync(t => new InflationSucceeded(Ksp, "Mod", t, "1.0", "Mod-1.0.ckan"), H(9));
        var fixedRow = await run.RowAsync();
        Assert.Null(fixedRow.BackoffUntil);
        Assert.Null(fixedRow.BackoffReason);
        Assert.Null(fixedRow.FailingSince);
    }
}
