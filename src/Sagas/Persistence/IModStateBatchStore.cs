using NetKAN.Bus.Sagas.Status;

namespace NetKAN.Bus.Sagas.Persistence;

/// <summary>
/// A status store that can read and write many rows in one round (SQLite: one query, one transaction), for callers
/// that record one event on each of many mods at once (a scheduling pass). Each write keeps the single-row rules: an
/// insert fails if the row exists, an update fails unless the stored version is the expected one.
/// </summary>
public interface IModStateBatchStore
{
    /// <summary>The stored rows among <paramref name="correlationIds"/> (absent ids are left out).</summary>
    Task<IReadOnlyDictionary<Guid, ModState>> LoadManyAsync(IReadOnlyCollection<Guid> correlationIds,
        CancellationToken cancellationToken);

    /// <summary>
    /// Writes every row that still matches what it was read as, together; returns the ids of those that did not (a
    /// concurrent writer got there first), which are left unwritten for the caller to re-apply on the fresh row.
    /// </summary>
    Task<IReadOnlyList<Guid>> WriteManyAsync(IReadOnlyList<ModStateWrite> writes, CancellationToken cancellationToken);
}

/// <summary>One row to write: a new row (<paramref name="ExpectedVersion"/> null) or a replacement of that version.</summary>
public sealed record ModStateWrite(ModState State, int? ExpectedVersion);
