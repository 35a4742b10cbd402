using NetKAN.Bus.Contracts.Games;
using NetKAN.Bus.Sagas.Status;

namespace NetKAN.Bus.Sagas.Persistence;

/// <summary>
/// Where mod status rows live. Small on purpose: load by id, insert (fails if present), update with an
/// expected version (fails on a stale version), and list for the dashboard and status dumps.
/// Implementations: in-memory (tests), SQLite file (embedded default), DynamoDB (production).
/// Conflicts throw <see cref="ModStateConcurrencyException"/>, which the saga's retry policy re-runs.
/// </summary>
public interface IModStateStore
{
    Task<ModState?> LoadAsync(Guid correlationId, CancellationToken cancellationToken);

    /// <summary>Stores a new row with <see cref="ModState.Version"/> 1; a row with that id must not exist.</summary>
    Task InsertAsync(ModState state, CancellationToken cancellationToken);

    /// <summary>Replaces the row whose stored version is <paramref name="expectedVersion"/>; the state carries the new version.</summary>
    Task UpdateAsync(ModState state, int expectedVersion, CancellationToken cancellationToken);

    Task DeleteAsync(Guid correlationId, CancellationToken cancellationToken);

    /// <summary>All rows, or those of one game.</summary>
    Task<IReadOnlyList<ModState>> ListAsync(GameId? game, CancellationToken cancellationToken);
}
