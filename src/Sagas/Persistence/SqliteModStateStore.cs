using Microsoft.Data.Sqlite;
using NetKAN.Bus.Contracts.Games;
using NetKAN.Bus.Sagas.Status;

namespace NetKAN.Bus.Sagas.Persistence;

/// <summary>
/// Status rows in one SQLite file (the embedded default). Key columns are real columns so other tools can
/// query them; the full row is a JSON document. Writes are conditional on the version column.
/// </summary>
public sealed partial class SqliteModStateStore : IModStateStore
{
    private readonly string _connectionString;

    public SqliteModStateStore(string databasePath)
    {
        var folder = Path.GetDirectoryName(Path.GetFullPath(databasePath));
        if (!string.IsNullOrEmpty(folder))
        {
            Directory.CreateDirectory(folder);
        }
        _connectionString = new SqliteConnectionStringBuilder
        {
            DataSource = databasePath,
            Mode = SqliteOpenMode.ReadWriteCreate,
            // Private cache: with WAL, readers never wait for the writer (shared-cache mode would serialise them).
            Cache = SqliteCacheMode.Private,
            DefaultTimeout = 30,
        }.ToString();
        using var connection = Open();
        Execute(connection, """
            PRAGMA journal_mode = WAL;
            CREATE TABLE IF NOT EXISTS mod_state (
                correlation_id TEXT PRIMARY KEY,
                identifier     TEXT NOT NULL,
                game_id        TEXT NOT NULL,
                version        INTEGER NOT NULL,
                current_state  TEXT NOT NULL,
                updated_at     TEXT,
                body           TEXT NOT NULL
            );
            CREATE INDEX IF NOT EXISTS mod_state_game ON mod_state (game_id, identifier);
            """);
    }

    public async Task<ModState?> LoadAsync(Guid correlationId, CancellationToken cancellationToken)
    {
        await using var connection = Open();
        await using var command = connection.CreateCommand();
        command.CommandText = "SELECT body FROM mod_state WHERE correlation_id = $id";
        command.Parameters.AddWithValue("$id", correlationId.ToString());
        var body = await command.ExecuteScalarAsync(cancellationToken) as string;
        return body is null ? null : ModStateJson.Deserialize(body);
    }

    public async Task InsertAsync(ModState state, CancellationToken cancellationToken)
    {
        await using var connection = Open();
        await using var command = connection.CreateCommand();
        command.CommandText = """
            INSERT INTO mod_state (correlation_id, identifier, game_id, version, current_state, updated_at, body)
            VALUES ($id, $identifier, $game, $version, $state, $updated, $body)
            ON CONFLICT (correlation_id) DO NOTHING
            """;
        Bind(command, state);
        if (await command.ExecuteNonQueryAsync(cancellationToken) == 0)
        {
            throw new ModStateConcurrencyException($"{state.GameId}/{state.Identifier} already exists", state.CorrelationId);
        }
    }

    public async Task UpdateAsync(ModState state, int expectedVersion, CancellationToken cancellationToken)
    {
        await using var connection = Open();
        await using var command = connection.CreateCommand();
        command.CommandText = """
            UPDATE mod_state
               SET identifier = $identifier, game_id = $game, version = $version, current_state = $state,
                   updated_at = $updated, body = $body
             WHERE correlation_id = $id AND version = $expected
            """;
        Bind(command, state);
        command.Parameters.AddWithValue("$expected", expectedVersion);
        if (await command.ExecuteNonQueryAsync(cancellationToken) == 0)
        {
            throw new ModStateConcurrencyException(
                $"{state.GameId}/{state.Identifier} changed since it was loaded (expected version {expectedVersion})",
                state.CorrelationId);
        }
    }

    public async Task DeleteAsync(Guid correlationId, CancellationToken cancellationToken)
    {
        await using var connection = Open();
        await using var command = connection.CreateCommand();
        command.CommandText = "DELETE FROM mod_state WHERE correlation_id = $id";
        command.Parameters.AddWithValue("$id", correlationId.ToString());
        await command.ExecuteNonQueryAsync(cancellationToken);
    }

    public async Task<IReadOnlyList<ModState>> ListAsync(GameId? game, CancellationToken cancellationToken)
    {
        await using var connection = Open();
        await using var command = connection.CreateCommand();
        command.CommandText = game is null
            ? "SELECT body FROM mod_state ORDER BY identifier"
            : "SELECT body FROM mod_state WHERE game_id = $game ORDER BY identifier";
        if (game is not null)
        {
            command.Parameters.AddWithValue("$game", game.Value.Value);
        }
        var rows = new List<ModState>();
        await using var reader = await command.ExecuteReaderAsync(cancellationToken);
        while (await reader.ReadAsync(cancellationToken))
        {
            rows.Add(ModStateJson.Deserialize(reader.GetString(0)));
        }
        return rows;
    }

    private SqliteConnection Open()
    {
        var connection = new SqliteConnection(_connectionString);
        connection.Open();
        // WAL with synchronous=NORMAL: a commit survives a killed process (it is in the WAL file), only an OS crash
        // or power loss can drop the last commits — and then the queue redelivers the unacknowledged messages.
        // FULL would fsync every status update, the main cost of a message on the embedded default.
        Execute(connection, "PRAGMA synchronous = NORMAL;");
        return connection;
    }

    private static void Execute(SqliteConnection connection, string sql)
    {
        using var command = connection.CreateCommand();
        command.CommandText = sql;
        command.ExecuteNonQuery();
    }

    private static void Bind(SqliteCommand command, ModState state)
    {
        command.Parameters.AddWithValue("$id", state.CorrelationId.ToString());
        command.Parameters.AddWithValue("$identifier", state.Identifier);
        command.Parameters.AddWithValue("$game", state.GameId);
        command.Parameters.AddWithValue("$version", state.Version);
        command.Parameters.AddWithValue("$state", state.CurrentState);
        command.Parameters.AddWithValue("$updated", (object?)state.UpdatedAt?.ToString("O") ?? DBNull.Value);
        command.Parameters.AddWithValue("$body", ModStateJson.Serialize(state));
    }
}
