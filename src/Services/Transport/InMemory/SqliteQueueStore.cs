using System.Text.Json;
using Microsoft.Data.Sqlite;
using NetKAN.Bus.Contracts.Wire;

namespace NetKAN.Bus.Services.Transport.InMemory;

/// <summary>A queued message as the worker sees it: no body (that stays on disk until the message is handled).</summary>
public sealed record QueuedMessage(long Id, string Queue, string GroupId, int Attempts);

/// <summary>
/// The in-process queues' messages in one SQLite file beside the status database (or in a private in-memory database
/// for <c>--store memory</c>): a message is written before <c>SendAsync</c> returns and deleted only once handled or
/// dead-lettered, so a killed process loses nothing — the next start delivers every message still there
/// (at-least-once; the stages are idempotent). A message whose dedup id is already queued on the same queue is
/// dropped, as SQS FIFO drops a repeat. One connection, one writer at a time: WAL, synchronous=NORMAL (a committed
/// message survives a process crash).
/// </summary>
public sealed class SqliteQueueStore : IDisposable
{
    private readonly SqliteConnection _connection;
    private readonly Lock _gate = new();

    /// <param name="path">The queue file, or null for a private in-memory database (nothing survives the process).</param>
    public SqliteQueueStore(string? path)
    {
        if (path is not null)
        {
            var folder = Path.GetDirectoryName(Path.GetFullPath(path));
            if (!string.IsNullOrEmpty(folder))
            {
                Directory.CreateDirectory(folder);
            }
        }
        Location = path;
        _connection = new SqliteConnection(new SqliteConnectionStringBuilder
        {
            DataSource = path ?? $"netkan-queues-{Guid.NewGuid():N}",
            Mode = path is null ? SqliteOpenMode.Memory : SqliteOpenMode.ReadWriteCreate,
            Cache = path is null ? SqliteCacheMode.Shared : SqliteCacheMode.Private,
            DefaultTimeout = 30,
        }.ToString());
        _connection.Open();
        using var schema = _connection.CreateCommand();
        schema.CommandText = """
            PRAGMA journal_mode = WAL;
            PRAGMA synchronous = NORMAL;
            CREATE TABLE IF NOT EXISTS queued (
                id          INTEGER PRIMARY KEY AUTOINCREMENT,
                queue       TEXT NOT NULL,
                group_id    TEXT NOT NULL,
                dedup_id    TEXT NOT NULL,
                body        TEXT NOT NULL,
                attributes  TEXT NOT NULL,
                attempts    INTEGER NOT NULL DEFAULT 0,
                enqueued_at TEXT NOT NULL
            );
            CREATE UNIQUE INDEX IF NOT EXISTS queued_dedup ON queued (queue, dedup_id);
            CREATE TABLE IF NOT EXISTS dead_letters (
                id         INTEGER PRIMARY KEY,
                queue      TEXT NOT NULL,
                body       TEXT NOT NULL,
                attributes TEXT NOT NULL,
                group_id   TEXT NOT NULL,
                dedup_id   TEXT NOT NULL,
                error      TEXT NOT NULL,
                time       TEXT NOT NULL
            );
            """;
        schema.ExecuteNonQuery();
    }

    /// <summary>The queue file (null: in memory).</summary>
    public string? Location { get; }

    /// <summary>
    /// Queues the messages in one transaction, unless the queue would then hold more than <paramref name="limit"/>
    /// (then nothing is queued). Returns the messages actually queued (repeats of a queued dedup id are dropped).
    /// </summary>
    public IReadOnlyList<QueuedMessage> Enqueue(string queue, IReadOnlyList<WireMessage> messages, int limit, DateTimeOffset now)
    {
        lock (_gate)
        {
            using var transaction = _connection.BeginTransaction();
            if (Count(queue, transaction) + messages.Count > limit)
            {
                throw new Contracts.Queues.QueueFullException(queue, limit);
            }
            var queued = new List<QueuedMessage>(messages.Count);
            using var insert = _connection.CreateCommand();
            insert.Transaction = transaction;
            insert.CommandText = """
                INSERT INTO queued (queue, group_id, dedup_id, body, attributes, enqueued_at)
                VALUES ($queue, $group, $dedup, $body, $attributes, $now)
                ON CONFLICT (queue, dedup_id) DO NOTHING
                RETURNING id
                """;
            foreach (var message in messages)
            {
                insert.Parameters.Clear();
                insert.Parameters.AddWithValue("$queue", queue);
                insert.Parameters.AddWithValue("$group", message.GroupId);
                insert.Parameters.AddWithValue("$dedup", message.DeduplicationId);
                insert.Parameters.AddWithValue("$body", message.Body);
                insert.Parameters.AddWithValue("$attributes", JsonSerializer.Serialize(message.Attributes));
                insert.Parameters.AddWithValue("$now", now.ToString("O"));
                if (insert.ExecuteScalar() is long id)
                {
                    queued.Add(new QueuedMessage(id, queue, message.GroupId, 0));
                }
            }
            transaction.Commit();
            return queued;
        }
    }

    /// <summary>Every message still queued, oldest first (what a restarted process delivers again).</summary>
    public IReadOnlyList<QueuedMessage> Pending()
    {
        lock (_gate)
        {
            using var command = _connection.CreateCommand();
            command.CommandText = "SELECT id, queue, group_id, attempts FROM queued ORDER BY id";
            using var reader = command.ExecuteReader();
            var pending = new List<QueuedMessage>();
            while (reader.Read())
            {
                pending.Add(new QueuedMessage(reader.GetInt64(0), reader.GetString(1), reader.GetString(2), reader.GetInt32(3)));
            }
            return pending;
        }
    }

    /// <summary>The message's wire form, or null when it is gone (handled by a test taking it).</summary>
    public WireMessage? Load(long id)
    {
        lock (_gate)
        {
            using var command = _connection.CreateCommand();
            command.CommandText = "SELECT body, attributes, group_id, dedup_id FROM queued WHERE id = $id";
            command.Parameters.AddWithValue("$id", id);
            using var reader = command.ExecuteReader();
            return reader.Read()
                ? new WireMessage(reader.GetString(0),
                    JsonSerializer.Deserialize<Dictionary<string, string>>(reader.GetString(1)) ?? [],
                    reader.GetString(2), reader.GetString(3))
                : null;
        }
    }

    /// <summary>The message was handled: gone for good.</summary>
    public void Complete(long id) => Execute("DELETE FROM queued WHERE id = $id", ("$id", id));

    /// <summary>One more failed attempt (kept across restarts, so a poison message still ends as a dead letter).</summary>
    public void Failed(long id) => Execute("UPDATE queued SET attempts = attempts + 1 WHERE id = $id", ("$id", id));

    /// <summary>Moves the message to the dead letters with the last error.</summary>
    public void DeadLetter(long id, string error, DateTimeOffset now) => Execute("""
        INSERT OR REPLACE INTO dead_letters (id, queue, body, attributes, group_id, dedup_id, error, time)
            SELECT id, queue, body, attributes, group_id, dedup_id, $error, $now FROM queued WHERE id = $id;
        DELETE FROM queued WHERE id = $id;
        """, ("$id", id), ("$error", error), ("$now", now.ToString("O")));

    public int Count(string queue)
    {
        lock (_gate)
        {
            return Count(queue, null);
        }
    }

    public void Dispose() => _connection.Dispose();

    private int Count(string queue, SqliteTransaction? transaction)
    {
        using var command = _connection.CreateCommand();
        command.Transaction = transaction;
        command.CommandText = "SELECT COUNT(*) FROM queued WHERE queue = $queue";
        command.Parameters.AddWithValue("$queue", queue);
        return Convert.ToInt32(command.ExecuteScalar(), System.Globalization.CultureInfo.InvariantCulture);
    }

    private void Execute(string sql, params (string Name, object Value)[] parameters)
    {
        lock (_gate)
        {
            using var transaction = _connection.BeginTransaction();
            using var command = _connection.CreateCommand();
            command.Transaction = transaction;
            command.CommandText = sql;
            foreach (var (name, value) in parameters)
            {
                command.Parameters.AddWithValue(name, value);
            }
            command.ExecuteNonQuery();
            transaction.Commit();
        }
    }
}
