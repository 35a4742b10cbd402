using NetKAN.Bus.Contracts.Games;
using NetKAN.Bus.Sagas.Status;

namespace NetKAN.Bus.Sagas.Persistence;

/// <summary>
/// The saga's store while many events are recorded as one batch: rows are read once up front, every insert and update
/// the saga makes is checked against the buffered row (the same rules as the store: insert only when absent, update
/// only at the loaded version) and kept in memory, and <see cref="CommitAsync"/> writes the final rows together.
/// The saga repository uses it instead of its store while it is <see cref="Current"/> (flows with the async calls of
/// the batch only, so other work in the process keeps using the store directly).
/// </summary>
public sealed class ModStateUnitOfWork : IModStateStore
{
    private static readonly AsyncLocal<ModStateUnitOfWork?> Ambient = new();

    private readonly IModStateStore _store;
    private readonly Dictionary<Guid, Row> _rows;
    private readonly Lock _gate = new();

    private ModStateUnitOfWork(IModStateStore store, IReadOnlyCollection<Guid> ids, IReadOnlyDictionary<Guid, ModState> stored)
    {
        _store = store;
        _rows = ids.Distinct().ToDictionary(id => id, id => stored.TryGetValue(id, out var row)
            ? new Row(row, row.Version)
            : new Row(null, null));
    }

    /// <summary>The unit of work of the current async flow, if any.</summary>
    public static ModStateUnitOfWork? Current => Ambient.Value;

    /// <summary>Where the saga reads and writes <paramref name="store"/>'s rows now: the current unit of work when
    /// one over that store is active in this async flow, else the store itself.</summary>
    public static IModStateStore For(IModStateStore store) =>
        Ambient.Value is { } unit && ReferenceEquals(unit._store, store) ? unit : store;

    /// <summary>Reads the rows of <paramref name="ids"/> in one round.</summary>
    public static async Task<ModStateUnitOfWork> BeginAsync(IModStateStore store, IModStateBatchStore batch,
        IReadOnlyCollection<Guid> ids, CancellationToken cancellationToken)
    {
        var stored = await batch.LoadManyAsync(ids, cancellationToken).ConfigureAwait(false);
        return new ModStateUnitOfWork(store, ids, stored);
    }

    /// <summary>
    /// Makes this the <see cref="Current"/> unit of work for the calling async flow until disposed. Call it from the
    /// method that records the events, not from an async helper: a value set inside an async method does not flow
    /// back to its caller.
    /// </summary>
    public IDisposable Activate()
    {
        var previous = Ambient.Value;
        Ambient.Value = this;
        return new Restore(previous);
    }

    /// <summary>Writes every changed row in one go; returns the ids a concurrent writer changed meanwhile (not written).</summary>
    public Task<IReadOnlyList<Guid>> CommitAsync(IModStateBatchStore batch, CancellationToken cancellationToken)
    {
        List<ModStateWrite> writes;
        lock (_gate)
        {
            writes = _rows.Values.Where(x => x.Changed && x.State is not null)
                .Select(x => new ModStateWrite(x.State!, x.StoredVersion))
                .ToList();
        }
        return batch.WriteManyAsync(writes, cancellationToken);
    }

    public async Task<ModState?> LoadAsync(Guid correlationId, CancellationToken cancellationToken)
    {
        lock (_gate)
        {
            if (_rows.TryGetValue(correlationId, out var row))
            {
                // A copy: the saga changes what it loaded, and a retry must start again from the buffered row.
                return row.State is null ? null : ModStateJson.Clone(row.State);
            }
        }
        return await _store.LoadAsync(correlationId, cancellationToken).ConfigureAwait(false);
    }

    public Task InsertAsync(ModState state, CancellationToken cancellationToken)
    {
        lock (_gate)
        {
            var row = Buffered(state);
            if (row.State is not null)
            {
                throw new ModStateConcurrencyException($"{state.GameId}/{state.Identifier} already exists", state.CorrelationId);
            }
            row.Write(state);
        }
        return Task.CompletedTask;
    }

    public Task UpdateAsync(ModState state, int expectedVersion, CancellationToken cancellationToken)
    {
        lock (_gate)
        {
            var row = Buffered(state);
            if (row.State is null || row.State.Version != expectedVersion)
            {
                throw new ModStateConcurrencyException(
                    $"{state.GameId}/{state.Identifier} changed since it was loaded (expected version {expectedVersion})",
                    state.CorrelationId);
            }
            row.Write(state);
        }
        return Task.CompletedTask;
    }

    public Task DeleteAsync(Guid correlationId, CancellationToken cancellationToken) =>
        throw new NotSupportedException("Status rows are not deleted while a batch of events is recorded.");

    public Task<IReadOnlyList<ModState>> ListAsync(GameId? game, CancellationToken cancellationToken) =>
        _store.ListAsync(game, cancellationToken);

    private Row Buffered(ModState state) =>
        _rows.TryGetValue(state.CorrelationId, out var row)
            ? row
            : throw new InvalidOperationException(
                $"{state.GameId}/{state.Identifier} was not read at the start of the batch; record it on its own.");

    private sealed class Restore(ModStateUnitOfWork? previous) : IDisposable
    {
        public void Dispose() => Ambient.Value = previous;
    }

    /// <param name="state">The row as the saga last wrote it (null: no row).</param>
    /// <param name="storedVersion">The version in the store when the batch began (null: not stored).</param>
    private sealed class Row(ModState? state, int? storedVersion)
    {
        public ModState? State { get; private set; } = state;

        public int? StoredVersion { get; } = storedVersion;

        public bool Changed { get; private set; }

        /// <summary>The saga is done with the instance it saves, so it is kept as it is.</summary>
        public void Write(ModState state)
        {
            State = state;
            Changed = true;
        }
    }
}
