using Microsoft.Extensions.Time.Testing;
using NetKAN.Bus.Contracts.Games;
using NetKAN.Bus.Contracts.Lifecycle;
using NetKAN.Bus.Sagas.Persistence;
using NetKAN.Bus.Sagas.Status;

namespace NetKAN.Bus.Sagas.Tests;

/// <summary>
/// A scheduling pass records its requests with <c>RecordRequestsAsync</c>: the rows read and written together, each with
/// the saga's rule for a request. The rows must come out exactly as recording the events one by one through the saga.
/// </summary>
public sealed class BatchRecordingTests : IDisposable
{
    private static readonly DateTimeOffset T0 = LifecycleScenario.T0;
    private readonly string _folder = Path.Combine(Path.GetTempPath(), "netkan-batch-" + Guid.NewGuid().ToString("N"));

    public void Dispose()
    {
        Microsoft.Data.Sqlite.SqliteConnection.ClearAllPools();
        if (Directory.Exists(_folder))
        {
            Directory.Delete(_folder, recursive: true);
        }
    }

    [Fact]
    public async Task A_batch_leaves_every_row_as_recording_the_events_one_by_one_does()
    {
        var oneByOne = new SqliteModStateStore(Path.Combine(_folder, "single.db"));
        var batched = new SqliteModStateStore(Path.Combine(_folder, "batch.db"));
        var (expected, actual) = await RecordBothWaysAsync(oneByOne, batched);
        Assert.Equal(["Fresh", "Known", "Quick", "Twice"], actual.Select(x => x.Identifier));
        Assert.Equal(expected.Select(ModStateJson.Serialize), actual.Select(ModStateJson.Serialize));
        // The rules applied, not only copied: a new row, a known one moved on, a late request that did not move it back.
        Assert.Equal([LifecycleStates.Requested, LifecycleStates.Requested, "Unchanged", LifecycleStates.Requested],
            actual.Select(x => x.CurrentState));
        Assert.Equal([1, 3, 3, 3], actual.Select(x => x.Version));
    }

    [Fact]
    public async Task A_row_another_writer_changed_meanwhile_keeps_that_change_and_gets_the_request_on_top()
    {
        var store = new SqliteModStateStore(Path.Combine(_folder, "status.db"));
        var racing = new RacingStore(store);
        await using var harness = await LifecycleScenario.StartAsync(store: racing);
        await harness.Lifecycle.RecordAsync(new InflationRequested(GameId.Ksp, "Known", T0, "webhook"), default);
        racing.BeforeCommit = () => harness.Lifecycle.RecordAsync(
            new InflationFailed(GameId.Ksp, "Known", T0.AddMinutes(1), "404 from upstream", null), default);

        await harness.Lifecycle.RecordRequestsAsync(
        [
            new InflationRequested(GameId.Ksp, "Known", T0.AddMinutes(2), "scheduler (all)"),
            new InflationRequested(GameId.Ksp, "Other", T0.AddMinutes(2), "scheduler (all)"),
        ], default);

        var known = await store.LoadAsync(ModSagaId.For(GameId.Ksp, "Known"), default);
        Assert.Equal(["inflation requested", "inflation failed", "inflation requested"], known!.History.Select(x => x.Event));
        Assert.Equal("404 from upstream", known.LastError);
        Assert.Equal(LifecycleStates.Requested, known.CurrentState);
        Assert.Equal(3, known.Version);
        var other = await store.LoadAsync(ModSagaId.For(GameId.Ksp, "Other"), default);
        Assert.Equal(LifecycleStates.Requested, other!.CurrentState);
    }

    [Fact]
    public async Task An_event_the_saga_refuses_fails_the_batch_after_the_others_are_written()
    {
        var store = new SqliteModStateStore(Path.Combine(_folder, "status.db"));
        await using var harness = await LifecycleScenario.StartAsync(store: store);

        var error = await Assert.ThrowsAsync<ArgumentException>(() => harness.Lifecycle.RecordRequestsAsync(
        [
            new InflationRequested(GameId.Ksp, "Good", T0, "scheduler (all)"),
            new InflationRequested(GameId.Ksp, "../etc", T0, "scheduler (all)"),
            new InflationRequested(GameId.Ksp, "AlsoGood", T0, "scheduler (all)"),
        ], default));

        Assert.Contains("not a CKAN identifier", error.Message);
        Assert.Equal(["AlsoGood", "Good"], (await store.ListAsync(GameId.Ksp, default)).Select(x => x.Identifier));
    }

    [Fact]
    public async Task A_store_without_batch_writes_records_the_pass_through_the_saga_one_by_one()
    {
        var (expected, actual) = await RecordBothWaysAsync(new InMemoryModStateStore(), new InMemoryModStateStore());
        Assert.Equal(4, actual.Count);
        Assert.Equal(expected.Select(ModStateJson.Serialize), actual.Select(ModStateJson.Serialize));
    }

    /// <summary>The same history on two stores, then the pass's requests one by one through the saga on the first and
    /// with <c>RecordRequestsAsync</c> on the second; the rows of both afterwards.</summary>
    private static async Task<(IReadOnlyList<ModState> OneByOne, IReadOnlyList<ModState> AsPass)> RecordBothWaysAsync(
        IModStateStore oneByOne, IModStateStore asPass)
    {
        await using var single = await LifecycleScenario.StartAsync(store: oneByOne);
        await using var pass = await LifecycleScenario.StartAsync(store: asPass);
        foreach (var harness in new[] { single, pass })
        {
            await RecordHistoryAsync(harness);
        }

        var requests = PassRequests();
        foreach (var request in requests)
        {
            await single.Lifecycle.RecordAsync(request, default);
        }
        await pass.Lifecycle.RecordRequestsAsync(requests, default);
        return (await oneByOne.ListAsync(GameId.Ksp, default), await asPass.ListAsync(GameId.Ksp, default));
    }

    /// <summary>Rows with a past: one requested and inflated, one indexed in the same second as the pass starts
    /// (its request arrives late), one mentioned twice in the pass.</summary>
    private static async Task RecordHistoryAsync(LifecycleScenario harness)
    {
        await harness.Lifecycle.RecordAsync(new InflationRequested(GameId.Ksp, "Known", T0.AddHours(-2), "webhook"), default);
        await harness.Lifecycle.RecordAsync(new InflationSucceeded(GameId.Ksp, "Known", T0.AddHours(-1), "1.0", "Known-1.0.ckan"), default);
        await harness.Lifecycle.RecordAsync(new InflationSucceeded(GameId.Ksp, "Quick", T0, "2.0", "Quick-2.0.ckan"), default);
        await harness.Lifecycle.RecordAsync(new ModIndexed(GameId.Ksp, "Quick", T0, IndexOutcome.Unchanged), default);
        await harness.Lifecycle.RecordAsync(new InflationRequested(GameId.Ksp, "Twice", T0.AddHours(-3), "webhook"), default);
    }

    private static List<InflationRequested> PassRequests() =>
    [
        new(GameId.Ksp, "Known", T0, "scheduler (all)", "1.0", null),
        new(GameId.Ksp, "Fresh", T0, "scheduler (all)"),
        new(GameId.Ksp, "Quick", T0.AddMilliseconds(400), "scheduler (all)"),
        new(GameId.Ksp, "Twice", T0, "scheduler (all)"),
        new(GameId.Ksp, "Twice", T0.AddSeconds(1), "webhook"),
    ];

    /// <summary>The SQLite store with a hook that runs just before a batch is written (another writer's update).</summary>
    private sealed class RacingStore(SqliteModStateStore inner) : IModStateStore, IModStateBatchStore
    {
        public Func<Task>? BeforeCommit { get; set; }

        public Task<ModState?> LoadAsync(Guid correlationId, CancellationToken cancellationToken) => inner.LoadAsync(correlationId, cancellationToken);

        public Task InsertAsync(ModState state, CancellationToken cancellationToken) => inner.InsertAsync(state, cancellationToken);

        public Task UpdateAsync(ModState state, int expectedVersion, CancellationToken cancellationToken) =>
            inner.UpdateAsync(state, expectedVersion, cancellationToken);

        public Task DeleteAsync(Guid correlationId, CancellationToken cancellationToken) => inner.DeleteAsync(correlationId, cancellationToken);

        public Task<IReadOnlyList<ModState>> ListAsync(GameId? game, CancellationToken cancellationToken) => inner.ListAsync(game, cancellationToken);

        public Task<IReadOnlyDictionary<Guid, ModState>> LoadManyAsync(IReadOnlyCollection<Guid> correlationIds,
            CancellationToken cancellationToken) => inner.LoadManyAsync(correlationIds, cancellationToken);

        public async Task<IReadOnlyList<Guid>> WriteManyAsync(IReadOnlyList<ModStateWrite> writes, CancellationToken cancellationToken)
        {
            var race = BeforeCommit;
            BeforeCommit = null;
            if (race is not null)
            {
                await race(); // another writer, between the batch reading the rows and writing them
            }
            return await inner.WriteManyAsync(writes, cancellationToken);
        }
    }
}
