using System.Text.Json;
using Microsoft.Data.Sqlite;
using NetKAN.Bus.Sagas.Status;

namespace NetKAN.Bus.Sagas.Persistence;

/// <summary>Many rows at once: one query to read them, and writes queued together so they share the group-commit
/// writer's transactions (a scheduling pass's 1,454 rows one by one cost a commit and lock waits each).</summary>
public sealed partial class SqliteModStateStore : IModStateBatchStore
{
    public async Task<IReadOnlyDictionary<Guid, ModState>> LoadManyAsync(IReadOnlyCollection<Guid> correlationIds,
        CancellationToken cancellationToken)
    {
        var rows = new Dictionary<Guid, ModState>(correlationIds.Count);
        if (correlationIds.Count == 0)
        {
            return rows;
        }
        await using var connection = Open();
        await using var command = connection.CreateCommand();
        // One parameter whatever the count (SQLite limits the number of parameters, not a JSON array's length).
        command.CommandText = "SELECT body FROM mod_state WHERE correlation_id IN (SELECT value FROM json_each($ids))";
        command.Parameters.AddWithValue("$ids", JsonSerializer.Serialize(correlationIds.Select(x => x.ToString())));
        await using var reader = await command.ExecuteReaderAsync(cancellationToken);
        while (await reader.ReadAsync(cancellationToken))
        {
            using var body = RowBody.Read(reader);
            var row = ModStateJson.Deserialize(body.Utf8);
            rows[row.CorrelationId] = row;
        }
        return rows;
    }

    public async Task<IReadOnlyList<Guid>> WriteManyAsync(IReadOnlyList<ModStateWrite> writes, CancellationToken cancellationToken)
    {
        if (writes.Count == 0)
        {
            return [];
        }
        // Through the group-commit writer like single rows: the same statements, and the pass's rows share its
        // transactions (up to its per-transaction limit) instead of one commit each.
        var applied = await _writer.Value.WriteAllAsync(
            writes.Select(w => Row(w.State, w.ExpectedVersion)).ToList(), cancellationToken).ConfigureAwait(false);
        return writes.Where((_, i) => !applied[i]).Select(w => w.State.CorrelationId).ToList();
    }
}
