using System.Collections.Concurrent;
using NetKAN.Bus.Contracts.Games;
using NetKAN.Bus.Sagas.Status;

namespace NetKAN.Bus.Sagas.Persistence;

/// <summary>Rows in a dictionary, copied on every read and write so it behaves like a real store (tests, replay).</summary>
public sealed class InMemoryModStateStore : IModStateStore
{
    private readonly ConcurrentDictionary<Guid, string> _rows = new();

    public Task<ModState?> LoadAsync(Guid correlationId, CancellationToken cancellationToken) =>
        Task.FromResult(_rows.TryGetValue(correlationId, out var json) ? ModStateJson.Deserialize(json) : null);

    public Task InsertAsync(ModState state, CancellationToken cancellationToken)
    {
        if (!_rows.TryAdd(state.CorrelationId, ModStateJson.Serialize(state)))
        {
            throw new ModStateConcurrencyException($"{state.GameId}/{state.Identifier} already exists", state.CorrelationId);
        }
        return Task.CompletedTask;
    }

    public Task UpdateAsync(ModState state, int expectedVersion, CancellationToken cancellationToken)
    {
        var json = ModStateJson.Serialize(state);
        while (true)
        {
            if (!_rows.TryGetValue(state.CorrelationId, out var current))
            {
                throw new ModStateConcurrencyException($"{state.GameId}/{state.Identifier} was deleted", state.CorrelationId);
            }
            if (ModStateJson.Deserialize(current).Version != expectedVersion)
            {
                throw new ModStateConcurrencyException(
                    $"{state.GameId}/{state.Identifier} changed since it was loaded (expected version {expectedVersion})",
                    state.CorrelationId);
            }
            if (_rows.TryUpdate(state.CorrelationId, json, current))
            {
                return Task.CompletedTask;
            }
        }
    }

    public Task DeleteAsync(Guid correlationId, CancellationToken cancellationToken)
    {
        _rows.TryRemove(correlationId, out _);
        return Task.CompletedTask;
    }

    public Task<IReadOnlyList<ModState>> ListAsync(GameId? game, CancellationToken cancellationToken)
    {
        IReadOnlyList<ModState> rows = _rows.Values
            .Select(ModStateJson.Deserialize)
            .Where(x => game is null || x.GameId == game.Value.Value)
            .OrderBy(x => x.Identifier, StringComparer.Ordinal)
            .ToList();
        return Task.FromResult(rows);
    }
}
