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
        _rows = ids.Distinct().ToDictionary(id => id, id => new Row(stored.GetValueOrDefault(id)));
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
            writes = _rows.Values.Where(x => x.Written is not null)
                .Select(x => new ModStateWrite(x.Written!, x.StoredVersion))
                .ToList();
        }
        return batch.WriteManyAsync(writes, cancellationToken);
    }

    public async Task<ModState?> LoadAsync(Guid correlationId, CancellationToken cancellationToken)
    {
        Row? row;
        lock (_gate)
        {
            if (_rows.TryGetValue(correlationId, out row) && row.TryHandOut(out var state))
            {
                return state;
            }
        }
        var stored = await _store.LoadAsync(correlationId, cancellationToken).ConfigureAwait(false);
        if (row is not null)
        {
            lock (_gate)
            {
                row.Reread(stored);
            }
        }
        return stored;
    }

    public Task InsertAsync(ModState state, CancellationToken cancellationToken)
    {
        lock (_gate)
        {
            var row = Buffered(state);
            if (row.Exists)
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
            if (!row.Exists || row.Version != expectedVersion)
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

    /// <summary>
    /// One row of the batch. The row read at the start is handed to the saga as it is, once, without a copy; what the
    /// saga then writes is kept and handed out as copies (a failed attempt must not change it). An attempt that read
    /// the original row but wrote nothing (a retry) reads the store again, which still holds that row.
    /// </summary>
    /// <param name="state">The row read at the start (null: no row).</param>
    private sealed class Row(ModState? state)
    {
        private ModState? _state = state;
        private bool _handedOut;

        /// <summary>The version in the store this batch writes over (null: not stored, the write is an insert).</summary>
        public int? StoredVersion { get; private set; } = state?.Version;

        /// <summary>The version of the row as this batch has it now.</summary>
        public int? Version { get; private set; } = state?.Version;

        public bool Exists => Version is not null;

        public bool Changed { get; private set; }

        public ModState? Written => Changed ? _state : null;

        /// <summary>The row for the saga without a store read: null when it must read the store again.</summary>
        public bool TryHandOut(out ModState? state)
        {
            state = null;
            if (!Exists)
            {
                return true;
            }
            if (Changed)
            {
                state = ModStateJson.Clone(_state!);
                return true;
            }
            if (!_handedOut)
            {
                _handedOut = true;
                state = _state;
                return true;
            }
            return false;
        }

        /// <summary>The store was read again (nothing written yet): the batch now writes over what it holds.</summary>
        public void Reread(ModState? stored)
        {
            if (Changed)
            {
                return;
            }
            _state = stored;
            StoredVersion = Version = stored?.Version;
        }

        /// <summary>The saga is done with the instance it saves, so it is kept as it is.</summary>
        public void Write(ModState state)
        {
            _state = state;
            Version = state.Version;
            Changed = true;
        }
    }
}
