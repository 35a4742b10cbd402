using System.Text.Json;
using Microsoft.Data.Sqlite;
using NetKAN.Bus.Sagas.Status;

namespace NetKAN.Bus.Sagas.Persistence;

/// <summary>Many rows at once: one query to read them, one transaction to write them (a scheduling pass's 1,454
/// rows one by one cost a connection, a commit and lock waits each).</summary>
public sealed partial class SqliteModStateStore : IModStateBatchStore
{
    // The single-row statements' rules (kept beside the batch so both can change independently of each other).
    private const string BatchInsertSql = """
        INSERT INTO mod_state (correlation_id, identifier, game_id, version, current_state, updated_at, body)
        VALUES ($id, $identifier, $game, $version, $state, $updated, $body)
        ON CONFLICT (correlation_id) DO NOTHING
        """;

    private const string BatchUpdateSql = """
        UPDATE mod_state
           SET identifier = $identifier, game_id = $game, version = $version, current_state = $state,
               updated_at = $updated, body = $body
         WHERE correlation_id = $id AND version = $expected
        """;

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
            var row = ModStateJson.Deserialize(reader.GetString(0));
            rows[row.CorrelationId] = row;
        }
        return rows;
    }

    public async Task<IReadOnlyList<Guid>> WriteManyAsync(IReadOnlyList<ModStateWrite> writes, CancellationToken cancellationToken)
    {
        var conflicts = new List<Guid>();
        if (writes.Count == 0)
        {
            return conflicts;
        }
        await using var connection = Open();
        await using var transaction = (SqliteTransaction)await connection.BeginTransactionAsync(cancellationToken);
        foreach (var write in writes)
        {
            await using var command = connection.CreateCommand();
            command.Transaction = transaction;
            command.CommandText = write.ExpectedVersion is null ? BatchInsertSql : BatchUpdateSql;
            Bind(command, write.State);
            if (write.ExpectedVersion is { } expected)
            {
                command.Parameters.AddWithValue("$expected", expected);
            }
            if (await command.ExecuteNonQueryAsync(cancellationToken) == 0)
            {
                conflicts.Add(write.State.CorrelationId);
            }
        }
        await transaction.CommitAsync(cancellationToken);
        return conflicts;
    }
}
