using NetKAN.Bus.Contracts.Games;
using NetKAN.Bus.Contracts.Lifecycle;
using NetKAN.Bus.Sagas.Persistence;
using NetKAN.Bus.Sagas.Status;

namespace NetKAN.Bus.Sagas.Tests;

/// <summary>
/// The Indexer's one status update per message (<see cref="InflatedAndIndexed"/>) must leave exactly the row and the
/// stage requests that <see cref="InflationSucceeded"/> then <see cref="ModIndexed"/> leave (one version fewer).
/// </summary>
public sealed class InflatedAndIndexedTests
{
    private static readonly GameId Ksp = GameId.Ksp;

    public static TheoryData<IndexOutcome, bool?> Outcomes => new()
    {
        { IndexOutcome.Added, true },
        { IndexOutcome.Updated, null },
        { IndexOutcome.Added, false },
        { IndexOutcome.Unchanged, true },
        { IndexOutcome.Staged, true },
    };

    [Theory]
    [MemberData(nameof(Outcomes))]
    public async Task One_update_leaves_the_row_and_requests_of_the_two_events(IndexOutcome outcome, bool? redistributable)
    {
        var (twoRow, twoSent) = await RunAsync(redistributable, outcome, combined: false);
        var (oneRow, oneSent) = await RunAsync(redistributable, outcome, combined: true);

        Assert.Equal(twoRow.Version - 1, oneRow.Version);
        oneRow.Version = twoRow.Version;
        Assert.Equal(ModStateJson.Serialize(twoRow), ModStateJson.Serialize(oneRow));
        Assert.Equal(twoSent, oneSent);
        Assert.Equal(["inflation requested", "inflated"], oneRow.History.Take(2).Select(x => x.Event));
    }

    [Fact]
    public async Task A_first_report_starts_the_row()
    {
        await using var run = await LifecycleScenario.StartAsync(o => o.RequestMirroring = true);
        await run.RecordAsync(t => Both(t, IndexOutcome.Added, true), TimeSpan.FromSeconds(5));

        var row = await run.RowAsync();
        Assert.Equal((LifecycleStates.Indexed, 1), (row.CurrentState, row.Version));
        Assert.Equal(["mirror ksp/Mod/Mod-1.0.ckan"], run.Commands.Sent);
    }

    [Fact]
    public void An_inflation_result_and_an_index_outcome_of_different_mods_do_not_combine()
    {
        var now = LifecycleScenario.T0;
        Assert.Throws<ArgumentException>(() => new InflatedAndIndexed(
            new InflationSucceeded(Ksp, "Mod", now), new ModIndexed(Ksp, "Other", now, IndexOutcome.Unchanged)));
    }

    private static async Task<(ModState Row, IReadOnlyList<string> Sent)> RunAsync(bool? redistributable,
        IndexOutcome outcome, bool combined)
    {
        await using var run = await LifecycleScenario.StartAsync(o => o.RequestMirroring = true);
        await run.RecordAsync(t => new InflationRequested(Ksp, "Mod", t, "scheduler"), TimeSpan.Zero);
        var at = TimeSpan.FromSeconds(40);
        if (combined)
        {
            await run.RecordAsync(t => Both(t, outcome, redistributable), at);
        }
        else
        {
            var both = Both(LifecycleScenario.T0 + at, outcome, redistributable);
            await run.RecordAsync(_ => both.Inflation, at);
            await run.RecordAsync(_ => both.Indexing, at);
        }
        return (await run.RowAsync(), run.Commands.Sent);
    }

    private static InflatedAndIndexed Both(DateTimeOffset time, IndexOutcome outcome, bool? redistributable) =>
        new(new InflationSucceeded(Ksp, "Mod", time.AddSeconds(-2), "1.0", "Mod-1.0.ckan", ["a warning"],
                Staged: outcome == IndexOutcome.Staged, StagingReason: outcome == IndexOutcome.Staged ? "new mod" : null,
                Resources: new Dictionary<string, string> { ["homepage"] = "https://example.org" }),
            new ModIndexed(Ksp, "Mod", time, outcome, "Mod-1.0.ckan", "c1", Redistributable: redistributable));
}
