using Microsoft.Data.Sqlite;
using NetKAN.Bus.Contracts.Games;
using NetKAN.Bus.Sagas.Status;

namespace NetKAN.Bus.Sagas.Persistence;

/// <summary>
/// Status rows in one SQLite file (the embedded default). Key columns are real columns so other tools can
/// query them; the full row is a JSON document. Writes are conditional on the version column.
/// Loads use prepared statements on pooled connections (<see cref="SqliteRowReaders"/>); inserts and updates are
/// group-committed by one writer (<see cref="SqliteRowWriter"/>) and return once their transaction has committed.
/// </summary>
public sealed partial class SqliteModStateStore : IModStateStore, IAsyncDisposable, IDisposable
{
    private readonly string _connectionString;
    private readonly SqliteRowReaders _readers;
    private readonly Lazy<SqliteRowWriter> _writer;
    private readonly SqliteCheckpointer _checkpointer;

    /// <summary>The page size of a new status file, whichever table creates it (see the constructor).</summary>
    public const int PageSize = 8192;

    /// <summary>Rows written between two checkpoints on the store's own connection (see <see cref="SqliteCheckpointer"/>).</summary>
    public const int RowsPerBackgroundCheckpoint = 2000;

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
        // 8 KiB pages for a new file (an existing one keeps its size): a row is ≈3.8 KB once its history is full, and
        // with 4 KiB pages the ≈18 % over 4 KB took an overflow page each — two pages to read and write per row.
        // Measured on the message-path benchmark: pwrite 3.7 → 2.2 and pread 3.3 → 2.8 per unchanged message.
        Execute(connection, $"""
            PRAGMA page_size = {PageSize};
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
        _readers = new SqliteRowReaders(Open);
        // Opened on the first write, so read-only users (status commands, the dashboard) hold no writer.
        _checkpointer = new SqliteCheckpointer(Open, RowsPerBackgroundCheckpoint);
        _writer = new Lazy<SqliteRowWriter>(() => new SqliteRowWriter(OpenWriter(), _checkpointer));
    }

    public Task<ModState?> LoadAsync(Guid correlationId, CancellationToken cancellationToken)
    {
        var id = correlationId.ToString();
        // On the writer's connection when it is open and not committing (its cache holds the table), else a reader.
        var body = _writer.IsValueCreated && _writer.Value.TryLoadBody(id, out var cached) ? cached : _readers.LoadBody(id);
        if (body is not { } row)
        {
            return Task.FromResult<ModState?>(null);
        }
        using (row)
        {
            return Task.FromResult<ModState?>(ModStateJson.Deserialize(row.Utf8));
        }
    }

    public async Task InsertAsync(ModState state, CancellationToken cancellationToken)
    {
        if (!await _writer.Value.WriteAsync(Row(state, expectedVersion: null), cancellationToken).ConfigureAwait(false))
        {
            throw new ModStateConcurrencyException($"{state.GameId}/{state.Identifier} already exists", state.CorrelationId);
        }
    }

    public async Task UpdateAsync(ModState state, int expectedVersion, CancellationToken cancellationToken)
    {
        if (!await _writer.Value.WriteAsync(Row(state, expectedVersion), cancellationToken).ConfigureAwait(false))
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
            using var body = RowBody.Read(reader);
            rows.Add(ModStateJson.Deserialize(body.Utf8));
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

    /// <summary>
    /// The one connection that writes rows, tuned for a table rewritten row by row all day:
    /// a page cache of up to 64 MiB, so the whole table stays in it (4,000 mods are ≈16–20 MB: rows of ≈3.8 KB once
    /// their history is full, two to an 8 KiB page) and updates and loads on it read no pages from the file — only this
    /// connection writes, so no commit empties its cache;
    /// its own checkpoint every 10,000 WAL pages instead of SQLite's 1,000 — the fallback behind the background
    /// checkpoints (<see cref="SqliteCheckpointer"/>, every 2,000 rows ≈ 4,400 pages), which copy most pages before it
    /// comes, and what lets the WAL start over from its beginning under a steady stream of writes. The WAL file grows to
    /// ≈80 MB (10,000 pages of 8 KiB).
    /// Measured on the message-path benchmark (perf stat of its syscalls, unchanged messages): 8.4 → 3.1 pread and
    /// 0.005 → 0.0005 fsync per message with loads on this connection; the two settings with those loads took ≈10% of
    /// the CPU per message (README, Performance).
    /// </summary>
    private SqliteConnection OpenWriter()
    {
        var connection = Open();
        Execute(connection, "PRAGMA cache_size = -65536; PRAGMA wal_autocheckpoint = 10000;");
        return connection;
    }

    private static void Execute(SqliteConnection connection, string sql)
    {
        using var command = connection.CreateCommand();
        command.CommandText = sql;
        command.ExecuteNonQuery();
    }

    private static RowWrite Row(ModState state, int? expectedVersion) =>
        new(state.CorrelationId.ToString(), state.Identifier, state.GameId, state.Version, state.CurrentState,
            state.UpdatedAt?.ToString("O"), ModStateJson.SerializeToUtf8(state), expectedVersion);

    public async ValueTask DisposeAsync()
    {
        if (_writer.IsValueCreated)
        {
            await _writer.Value.DisposeAsync().ConfigureAwait(false);
        }
        _checkpointer.Dispose();
        _readers.Dispose();
    }

    public void Dispose() => DisposeAsync().AsTask().GetAwaiter().GetResult();
}
