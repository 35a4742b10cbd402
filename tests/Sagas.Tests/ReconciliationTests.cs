using NetKAN.Bus.Contracts.Games;
using NetKAN.Bus.Contracts.Lifecycle;
using NetKAN.Bus.Sagas.Status;

namespace NetKAN.Bus.Sagas.Tests;

/// <summary>The saga's side of comparing rows with CKAN-meta (<see cref="CkanMetaChecked"/>).</summary>
public sealed class ReconciliationTests
{
    private static readonly GameId Ksp = GameId.Ksp;

    [Fact]
    public async Task A_file_in_ckan_meta_that_the_row_never_recorded_indexed_gets_last_indexed_and_its_mirror()
    {
        await using var run = await LifecycleScenario.StartAsync();
        await run.RecordAsync(t => new InflationSucceeded(Ksp, "Mod", t, "1.0", "Mod-1.0.ckan"), TimeSpan.Zero);
        await run.RecordAsync(t => new CkanMetaChecked(Ksp, "Mod", t, "Mod/Mod-1.0.ckan", true, "head"), TimeSpan.FromMinutes(5));

        var row = await run.RowAsync();
        Assert.Equal(LifecycleScenario.T0.AddMinutes(5), row.LastIndexed);
        Assert.Equal("head", row.Commit);
        Assert.DoesNotContain(row.Awaiting, x => x.Stage == AwaitedStage.Indexing);
        Assert.Equal(["mirror ksp/Mod/Mod-1.0.ckan"], run.Commands.Sent);
        Assert.Contains(row.History, x => x.Event == "reconciled with CKAN-meta");
    }

    [Fact]
    public async Task A_file_the_row_says_was_indexed_but_ckan_meta_lacks_is_stalled_and_inflated_again_once_per_deadline()
    {
        await using var run = await LifecycleScenario.StartAsync();
        await run.RecordAsync(t => new ModIndexed(Ksp, "Mod", t, IndexOutcome.Added, "Mod-1.0.ckan", "c1", Redistributable: false), TimeSpan.Zero);
        await run.RecordAsync(t => new CkanMetaChecked(Ksp, "Mod", t, "Mod/Mod-1.0.ckan", false), TimeSpan.FromHours(1));

        var row = await run.RowAsync();
        var stall = Assert.IsType<AwaitedStage>(row.Stall);
        Assert.Equal(AwaitedStage.Indexing, stall.Stage);
        Assert.Equal(LifecycleScenario.T0, stall.Since);
        Assert.Equal(["inflate ksp/Mod"], run.Commands.Sent);

        // The next check, before the re-request's deadline, does not ask again.
        await run.RecordAsync(t => new CkanMetaChecked(Ksp, "Mod", t, "Mod/Mod-1.0.ckan", false), TimeSpan.FromHours(1.5));
        Assert.Single(run.Commands.Sent);

        // The re-inflation is committed again: the stall ends.
        await run.RecordAsync(t => new ModIndexed(Ksp, "Mod", t, IndexOutcome.Added, "Mod-1.0.ckan", "c2", Redistributable: false), TimeSpan.FromHours(1.6));
        Assert.Null((await run.RowAsync()).Stall);
    }

    [Fact]
    public async Task A_check_for_a_mod_without_a_row_creates_none()
    {
        await using var run = await LifecycleScenario.StartAsync();
        await run.RecordAsync(t => new CkanMetaChecked(Ksp, "Ghost", t, "Ghost/Ghost-1.ckan", true, "head"), TimeSpan.Zero);

        Assert.Null(await run.Store.LoadAsync(ModSagaId.For(Ksp, "Ghost"), default));
    }
}
