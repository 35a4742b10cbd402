using NetKAN.Bus.Contracts.Lifecycle;
using NetKAN.Bus.Contracts.Games;
using NetKAN.Bus.Sagas.Status;

namespace NetKAN.Bus.Sagas.Tests;

/// <summary>The saga acts: mirror requests after indexing, deadlines armed and cleared per stage (docs/lifecycle.md).</summary>
public sealed class OrchestrationTests
{
    private static readonly GameId Ksp = GameId.Ksp;

    private static TimeSpan S(int seconds) => TimeSpan.FromSeconds(seconds);

    [Fact]
    public async Task A_request_arms_the_inflation_deadline_its_result_clears_it_and_arms_indexing()
    {
        await using var run = await LifecycleScenario.StartAsync();
        await run.RecordAsync(t => new InflationRequested(Ksp, "Mod", t, "scheduler"), S(0));

        var requested = await run.RowAsync();
        Assert.Equal(LifecycleStates.Requested, requested.CurrentState);
        var awaited = Assert.Single(requested.Awaiting);
        Assert.Equal(AwaitedStage.Inflation, awaited.Stage);
        Assert.Equal(LifecycleScenario.T0.AddHours(2), awaited.Deadline);

        // A second pass 30 minutes later keeps the first unanswered request's clock.
        await run.RecordAsync(t => new InflationRequested(Ksp, "Mod", t, "scheduler"), TimeSpan.FromMinutes(30));
        Assert.Equal(LifecycleScenario.T0, Assert.Single((await run.RowAsync()).Awaiting).Since);

        await run.RecordAsync(t => new InflationSucceeded(Ksp, "Mod", t, "1.0", "Mod-1.0.ckan"), TimeSpan.FromMinutes(31));
        var inflated = await run.RowAsync();
        Assert.Equal(LifecycleStates.Inflated, inflated.CurrentState);
        Assert.Equal([AwaitedStage.Indexing], inflated.Awaiting.Select(x => x.Stage));
    }

    [Fact]
    public async Task An_added_redistributable_file_is_sent_to_the_mirrorer_and_its_outcome_settles_the_mod()
    {
        await using var run = await LifecycleScenario.StartAsync();
        await run.RecordAsync(t => new InflationSucceeded(Ksp, "Mod", t, "1.0", "Mod-1.0.ckan"), S(0));
        await run.RecordAsync(t => new ModIndexed(Ksp, "Mod", t, IndexOutcome.Added, "Mod-1.0.ckan", "c1", Redistributable: true), S(2));

        var indexed = await run.RowAsync();
        Assert.Equal(["mirror ksp/Mod/Mod-1.0.ckan"], run.Commands.Sent);
        Assert.Equal(LifecycleStates.Indexed, indexed.CurrentState);
        var mirror = Assert.Single(indexed.Awaiting);
        Assert.Equal((AwaitedStage.Mirror, "Mod/Mod-1.0.ckan"), (mirror.Stage, mirror.Detail));

        await run.RecordAsync(t => new ModMirrored(Ksp, "Mod", t, "Mod-1.0"), S(9));
        var mirrored = await run.RowAsync();
        Assert.Equal(LifecycleStates.Mirrored, mirrored.CurrentState);
        Assert.Empty(mirrored.Awaiting);
        Assert.Equal("Mod/Mod-1.0.ckan", mirrored.MirroredFile);

        // The next pass finds the file unchanged: nothing more to mirror.
        await run.RecordAsync(t => new ModIndexed(Ksp, "Mod", t, IndexOutcome.Unchanged, "Mod-1.0.ckan", "c2", Redistributable: true), S(1800));
        Assert.Single(run.Commands.Sent);
        Assert.Empty((await run.RowAsync()).Awaiting);
    }

    [Fact]
    public async Task A_licence_that_forbids_redistribution_is_recorded_as_skipped_without_a_mirror_request()
    {
        await using var run = await LifecycleScenario.StartAsync();
        await run.RecordAsync(t => new ModIndexed(Ksp, "Mod", t, IndexOutcome.Added, "Mod-1.0.ckan", "c1", Redistributable: false), S(0));

        var row = await run.RowAsync();
        Assert.Empty(run.Commands.Sent);
        Assert.Equal(LifecycleStates.MirrorSkipped, row.CurrentState);
        Assert.Equal("skipped", row.MirrorStatus);
        Assert.Contains("Licence", row.MirrorDetail);
        Assert.Empty(row.Awaiting);
    }

    [Fact]
    public async Task A_staged_file_waits_for_its_pull_request_and_is_not_mirrored()
    {
        await using var run = await LifecycleScenario.StartAsync();
        await run.RecordAsync(t => new ModIndexed(Ksp, "Mod", t, IndexOutcome.Staged, "Mod-1.0.ckan", "c1", "https://pr/1", true), S(0));

        var row = await run.RowAsync();
        Assert.Empty(run.Commands.Sent);
        Assert.Equal(LifecycleStates.Staged, row.CurrentState);
        Assert.Empty(row.Awaiting);
    }

    [Fact]
    public async Task An_unchanged_file_that_was_never_mirrored_is_mirrored_and_its_missing_index_time_reconciled()
    {
        // What a host killed between its commit and recording ModIndexed leaves: the file is in CKAN-meta, the row
        // never heard of it. The redelivered result is indexed as unchanged.
        await using var run = await LifecycleScenario.StartAsync();
        await run.RecordAsync(t => new InflationSucceeded(Ksp, "Mod", t, "1.0", "Mod-1.0.ckan"), S(0));
        await run.RecordAsync(t => new ModIndexed(Ksp, "Mod", t, IndexOutcome.Unchanged, "Mod-1.0.ckan", "head1", Redistributable: true), S(5));

        var row = await run.RowAsync();
        Assert.Equal(LifecycleScenario.T0.AddSeconds(5), row.LastIndexed);
        Assert.Equal("head1", row.Commit);
        Assert.Equal("Mod/Mod-1.0.ckan", row.IndexedFile);
        Assert.Equal(["mirror ksp/Mod/Mod-1.0.ckan"], run.Commands.Sent);
    }

    [Fact]
    public async Task Mirroring_can_be_left_to_the_github_push_webhook()
    {
        await using var run = await LifecycleScenario.StartAsync(o => o.RequestMirroring = false);
        await run.RecordAsync(t => new ModIndexed(Ksp, "Mod", t, IndexOutcome.Added, "Mod-1.0.ckan", "c1", Redistributable: true), S(0));

        Assert.Empty(run.Commands.Sent);
        Assert.Empty((await run.RowAsync()).Awaiting);
    }

    [Fact]
    public async Task Freezing_a_mod_drops_what_it_waited_for()
    {
        await using var run = await LifecycleScenario.StartAsync();
        await run.RecordAsync(t => new InflationRequested(Ksp, "Mod", t, "scheduler"), S(0));
        await run.RecordAsync(t => new ModFrozen(Ksp, "Mod", t, "auto-freezer"), S(10));
        await run.RecordAsync(t => new DeadlinePassed(Ksp, "Mod", t, AwaitedStage.Inflation), TimeSpan.FromHours(3));

        var row = await run.RowAsync();
        Assert.Equal(LifecycleStates.Frozen, row.CurrentState);
        Assert.Empty(row.Awaiting);
        Assert.Empty(run.Commands.Sent);
    }

    [Fact]
    public async Task A_failed_mirror_leaves_the_file_unmirrored_so_the_next_pass_asks_again()
    {
        await using var run = await LifecycleScenario.StartAsync();
        await run.RecordAsync(t => new ModIndexed(Ksp, "Mod", t, IndexOutcome.Added, "Mod-1.0.ckan", "c1", Redistributable: true), S(0));
        await run.RecordAsync(t => new MirrorFailed(Ksp, "Mod", t, "archive.org said 500"), S(5));
        var failed = await run.RowAsync();
        Assert.Equal(LifecycleStates.MirrorFailed, failed.CurrentState);
        Assert.Empty(failed.Awaiting);

        await run.RecordAsync(t => new ModIndexed(Ksp, "Mod", t, IndexOutcome.Unchanged, "Mod-1.0.ckan", "c1", Redistributable: true), S(1800));
        Assert.Equal(2, run.Commands.Sent.Count(x => x == "mirror ksp/Mod/Mod-1.0.ckan"));
    }

    [Fact]
    public async Task A_mirror_outcome_names_its_file_so_a_redelivered_index_outcome_does_not_ask_again()
    {
        // A host sent MirrorMod while recording ModIndexed and died before the row was saved; the mirror happened.
        await using var run = await LifecycleScenario.StartAsync();
        await run.RecordAsync(t => new InflationSucceeded(Ksp, "Mod", t, "1.0", "Mod-1.0.ckan"), S(0));
        await run.RecordAsync(t => new ModMirrored(Ksp, "Mod", t, "Mod-1.0", "Mod/Mod-1.0.ckan"), S(5));
        await run.RecordAsync(t => new ModIndexed(Ksp, "Mod", t, IndexOutcome.Unchanged, "Mod-1.0.ckan", "head", Redistributable: true), S(9));

        var row = await run.RowAsync();
        Assert.Empty(run.Commands.Sent);
        Assert.Empty(row.Awaiting);
        Assert.Equal("Mod/Mod-1.0.ckan", row.MirroredFile);
        Assert.Equal(LifecycleScenario.T0.AddSeconds(9), row.LastIndexed);
    }
}
