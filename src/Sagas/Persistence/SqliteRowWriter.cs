using System.Collections.Concurrent;
using Microsoft.Data.Sqlite;

namespace NetKAN.Bus.Sagas.Persistence;

/// <summary>One status row write: an insert (fails if the row exists) or an update against an expected version.</summary>
internal sealed record RowWrite(
    string Id, string Identifier, string Game, int Version, string State, string? UpdatedAt, byte[] Body, int? ExpectedVersion)
{
    /// <summary>True once the write is committed, false when its condition did not hold (row present / stale version).</summary>
    public TaskCompletionSource<bool> Done { get; } = new(TaskCreationOptions.RunContinuationsAsynchronously);
}

/// <summary>
/// Group commit for status rows: every write goes through one connection with prepared statements, and the writes
/// that queue up while a transaction commits go into the next transaction together. Each caller's task completes
/// only when the transaction holding its row has committed, so "recorded" still means "in the database"; concurrent
/// messages share the cost of a commit (and no longer contend for SQLite's write lock).
/// No writer thread: the caller that finds the connection free commits what is queued (its own row and any that
/// arrived meanwhile), so a lone write commits on its caller's thread without a hand-over. Loads use the connection
/// between commits (<see cref="TryLoadBody"/>).
/// </summary>
internal sealed class SqliteRowWriter : IAsyncDisposable
{
    private const int MaxRowsPerTransaction = 128;

    private readonly ConcurrentQueue<RowWrite> _queue = new();
    private readonly object _committer = new();
    private readonly List<RowWrite> _batch = new(MaxRowsPerTransaction); // used only by the caller holding _committer
    private readonly SqliteConnection _connection;
    private readonly SqliteCommand _insert;
    private readonly SqliteCommand _update;
    private readonly SqliteBodyQuery _load;
    private readonly SqliteCheckpointer _checkpointer;
    private bool _disposed;

    public SqliteRowWriter(SqliteConnection connection, SqliteCheckpointer checkpointer)
    {
        _connection = connection;
        _checkpointer = checkpointer;
        // The body is bound as the UTF-8 bytes it is serialised to and stored as TEXT (the cast keeps the bytes), so it
        // is never a UTF-16 string on the way in, and stays text for SQLite's JSON functions and other tools.
        _insert = Prepare("""
            INSERT INTO mod_state (correlation_id, identifier, game_id, version, current_state, updated_at, body)
            VALUES ($id, $identifier, $game, $version, $state, $updated, CAST($body AS TEXT))
            ON CONFLICT (correlation_id) DO NOTHING
            """, "$id", "$identifier", "$game", "$version", "$state", "$updated", "$body");
        // Identifier and game never change for a row (its id is made from them); naming them here would make SQLite
        // rewrite the row's mod_state_game index entry on every update.
        _update = Prepare("""
            UPDATE mod_state
               SET version = $version, current_state = $state, updated_at = $updated, body = CAST($body AS TEXT)
             WHERE correlation_id = $id AND version = $expected
            """, "$id", "$version", "$state", "$updated", "$body", "$expected");
        _load = new SqliteBodyQuery(connection);
    }

    /// <summary>
    /// Reads a row's body on the writer's connection if no commit holds it (false otherwise: the caller reads elsewhere).
    /// Only this connection writes, so its page cache survives every commit and holds the table (see
    /// <see cref="SqliteModStateStore"/>); a pooled reader's cache is emptied by each commit and re-reads the pages.
    /// </summary>
    public bool TryLoadBody(string id, out RowBody? body)
    {
        body = null;
        if (!Monitor.TryEnter(_committer))
        {
            return false;
        }
        try
        {
            if (_disposed)
            {
                return false;
            }
            body = _load.Load(id);
            return true;
        }
        finally
        {
            Monitor.Exit(_committer);
            // A write queued while this load held the connection found it taken and left its row to the holder: commit it
            // (the same check every committer makes after letting go).
            CommitWhileQueued();
        }
    }

    /// <summary>Queues the write and commits the queue unless another caller is committing (it then takes this write
    /// too); the task ends when the write is committed (true) or its condition failed (false).</summary>
    public Task<bool> WriteAsync(RowWrite write, CancellationToken cancellationToken)
    {
        _queue.Enqueue(write);
        CommitWhileQueued();
        // A cancelled caller stops waiting, but its queued row may still be committed: its message is then retried,
        // and the retry's version check sees that row like any other concurrent write.
        return write.Done.Task.WaitAsync(cancellationToken);
    }

    /// <summary>Queues all the writes before committing, so they share transactions (a scheduling pass's rows);
    /// one result per write, in order.</summary>
    public Task<bool[]> WriteAllAsync(IReadOnlyList<RowWrite> writes, CancellationToken cancellationToken)
    {
        foreach (var write in writes)
        {
            _queue.Enqueue(write);
        }
        CommitWhileQueued();
        return Task.WhenAll(writes.Select(w => w.Done.Task)).WaitAsync(cancellationToken);
    }

    private void CommitWhileQueued()
    {
        // Whoever holds the connection commits everything queued before it lets go; a write queued just as it let go
        // is seen by the check after the release, so no write is left behind.
        while (!_queue.IsEmpty && Monitor.TryEnter(_committer))
        {
            try
            {
                CommitQueued();
            }
            finally
            {
                Monitor.Exit(_committer);
            }
        }
    }

    private void CommitQueued()
    {
        var batch = _batch;
        while (!_queue.IsEmpty)
        {
            while (batch.Count < MaxRowsPerTransaction && _queue.TryDequeue(out var write))
            {
                batch.Add(write);
            }
            if (_disposed)
            {
                batch.ForEach(w => w.Done.TrySetException(new ObjectDisposedException(nameof(SqliteRowWriter))));
            }
            else
            {
                Commit(batch);
                _checkpointer.Written(batch.Count);
            }
            batch.Clear();
        }
    }

    private void Commit(IReadOnlyList<RowWrite> batch)
    {
        bool[] applied;
        try
        {
            applied = Apply(batch);
        }
        catch (Exception) when (batch.Count > 1)
        {
            // One row that cannot be written (a full disk, a broken body) must not fail the others: each alone.
            foreach (var write in batch)
            {
                Commit([write]);
            }
            return;
        }
        catch (Exception e)
        {
            batch[0].Done.TrySetException(e);
            return;
        }
        for (var i = 0; i < batch.Count; i++)
        {
            batch[i].Done.TrySetResult(applied[i]);
        }
    }

    private bool[] Apply(IReadOnlyList<RowWrite> batch)
    {
        var applied = new bool[batch.Count];
        using var transaction = _connection.BeginTransaction();
        _insert.Transaction = transaction;
        _update.Transaction = transaction;
        for (var i = 0; i < batch.Count; i++)
        {
            var write = batch[i];
            var command = write.ExpectedVersion is null ? _insert : _update;
            Bind(command, write);
            applied[i] = command.ExecuteNonQuery() == 1;
        }
        transaction.Commit();
        return applied;
    }

    private static void Bind(SqliteCommand command, RowWrite write)
    {
        var p = command.Parameters;
        p["$id"].Value = write.Id;
        p["$version"].Value = write.Version;
        p["$state"].Value = write.State;
        p["$updated"].Value = (object?)write.UpdatedAt ?? DBNull.Value;
        p["$body"].Value = write.Body;
        if (write.ExpectedVersion is { } expected)
        {
            p["$expected"].Value = expected;
        }
        else
        {
            p["$identifier"].Value = write.Identifier;
            p["$game"].Value = write.Game;
        }
    }

    private SqliteCommand Prepare(string sql, params string[] parameters)
    {
        var command = _connection.CreateCommand();
        command.CommandText = sql;
        foreach (var name in parameters)
        {
            command.Parameters.Add(new SqliteParameter(name, null));
        }
        return command;
    }

    public async ValueTask DisposeAsync()
    {
        lock (_committer)
        {
            CommitQueued(); // what was queued before the store closed is still written
            _disposed = true;
        }
        _insert.Dispose();
        _update.Dispose();
        _load.Dispose();
        await _connection.DisposeAsync().ConfigureAwait(false);
    }
}
