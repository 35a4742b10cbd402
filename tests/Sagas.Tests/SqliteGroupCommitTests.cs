using NetKAN.Bus.Contracts.Games;
using NetKAN.Bus.Contracts.Lifecycle;
using NetKAN.Bus.Sagas.Persistence;
using NetKAN.Bus.Sagas.Status;

namespace NetKAN.Bus.Sagas.Tests;

/// <summary>The SQLite store commits concurrent writes together; each write keeps its own outcome.</summary>
public sealed class SqliteGroupCommitTests
{
    [Fact]
    public async Task Concurrent_writes_of_many_rows_are_all_committed_and_survive_a_reopen()
    {
        using var dir = new TempFolder();
        var path = Path.Combine(dir.Path, "status.db");
        var rows = Enumerable.Range(0, 60)
            .Select(i => new ModState { CorrelationId = Guid.NewGuid(), Identifier = $"Mod{i}", GameId = "ksp", Version = 1 })
            .ToList();
        await using (var store = new SqliteModStateStore(path))
        {
            await Task.WhenAll(rows.Select(r => Task.Run(() => store.InsertAsync(r, default))));
            await Task.WhenAll(rows.Select(r => Task.Run(() =>
            {
                r.Version = 2;
                r.CurrentState = LifecycleStates.Inflated;
                return store.UpdateAsync(r, expectedVersion: 1, default);
            })));
        }

        await using var reopened = new SqliteModStateStore(path);
        foreach (var row in rows)
        {
            var loaded = await reopened.LoadAsync(row.CorrelationId, default);
            Assert.Equal((2, LifecycleStates.Inflated, row.Identifier), (loaded!.Version, loaded.CurrentState, loaded.Identifier));
        }
    }

    [Fact]
    public async Task Rows_are_stored_as_json_text_other_tools_can_query()
    {
        // The body is written from UTF-8 bytes: it must still be TEXT (a BLOB would read as binary JSONB to SQLite's
        // JSON functions), and the key columns must follow updates.
        using var dir = new TempFolder();
        var path = Path.Combine(dir.Path, "status.db");
        var row = new ModState { CorrelationId = Guid.NewGuid(), Identifier = "Café", GameId = "ksp2", Version = 1, LastError = "ünïcode ✓" };
        await using (var store = new SqliteModStateStore(path))
        {
            await store.InsertAsync(row, default);
            row.Version = 2;
            row.CurrentState = LifecycleStates.Inflated;
            await store.UpdateAsync(row, expectedVersion: 1, default);
        }

        using var connection = new Microsoft.Data.Sqlite.SqliteConnection($"Data Source={path}");
        connection.Open();
        using var command = connection.CreateCommand();
        command.CommandText = """
            SELECT typeof(body), json_extract(body, '$.lastError'), identifier, game_id, version, current_state
              FROM mod_state WHERE correlation_id = $id
            """;
        command.Parameters.AddWithValue("$id", row.CorrelationId.ToString());
        using var reader = command.ExecuteReader();
        Assert.True(reader.Read());
        Assert.Equal(("text", "ünïcode ✓", "Café", "ksp2", 2L, LifecycleStates.Inflated),
            (reader.GetString(0), reader.GetString(1), reader.GetString(2), reader.GetString(3), reader.GetInt64(4), reader.GetString(5)));
    }

    [Fact]
    public async Task A_new_file_has_8_KiB_pages_and_an_existing_file_keeps_its_own()
    {
        using var dir = new TempFolder();
        var fresh = Path.Combine(dir.Path, "status.db");
        await using (var store = new SqliteModStateStore(fresh))
        {
            await InsertedRowAsync(store, "Fresh");
        }
        var older = Path.Combine(dir.Path, "older.db");
        using (var connection = new Microsoft.Data.Sqlite.SqliteConnection($"Data Source={older};Pooling=False"))
        {
            connection.Open();
            using var create = connection.CreateCommand();
            create.CommandText = "PRAGMA page_size = 4096; PRAGMA journal_mode = WAL; CREATE TABLE t (x);";
            create.ExecuteNonQuery();
        }
        await using (var store = new SqliteModStateStore(older))
        {
            Assert.Equal(1, (await store.LoadAsync((await InsertedRowAsync(store, "Kept")).CorrelationId, default))!.Version);
        }

        // The host opens the scheduler-run log on the same file, and may open it first.
        var logFirst = Path.Combine(dir.Path, "log-first.db");
        _ = new NetKAN.Bus.Sagas.Health.SqliteSchedulerRunLog(logFirst);
        await using (var store = new SqliteModStateStore(logFirst))
        {
            await InsertedRowAsync(store, "AfterTheLog");
        }

        Assert.Equal((8192L, 4096L, 8192L), (PageSize(fresh), PageSize(older), PageSize(logFirst)));

        static long PageSize(string path)
        {
            using var connection = new Microsoft.Data.Sqlite.SqliteConnection($"Data Source={path};Pooling=False");
            connection.Open();
            using var command = connection.CreateCommand();
            command.CommandText = "PRAGMA page_size";
            return (long)command.ExecuteScalar()!;
        }
    }

    [Fact]
    public async Task Of_concurrent_updates_from_one_version_exactly_one_wins_and_the_others_conflict()
    {
        using var dir = new TempFolder();
        await using var store = new SqliteModStateStore(Path.Combine(dir.Path, "status.db"));
        var id = (await InsertedRowAsync(store, "Busy")).CorrelationId;

        var attempts = Enumerable.Range(0, 12).Select(i => Task.Run(() => store.UpdateAsync(
            new ModState { CorrelationId = id, Identifier = "Busy", GameId = "ksp", Version = 2, LastError = $"writer {i}" },
            expectedVersion: 1, default))).ToList();
        var outcomes = await Task.WhenAll(attempts.Select(async t =>
        {
            try
            {
                await t;
                return "won";
            }
            catch (ModStateConcurrencyException)
            {
                return "conflict";
            }
        }));

        Assert.Equal(1, outcomes.Count(x => x == "won"));
        Assert.Equal(11, outcomes.Count(x => x == "conflict"));
        var winner = attempts.IndexOf(attempts.Single(t => t.IsCompletedSuccessfully));
        Assert.Equal($"writer {winner}", (await store.LoadAsync(id, default))!.LastError);
    }

    [Fact]
    public async Task Concurrent_events_of_one_new_mod_through_the_saga_lose_nothing()
    {
        using var dir = new TempFolder();
        await using var store = new SqliteModStateStore(Path.Combine(dir.Path, "status.db"));
        await using var harness = await LifecycleScenario.StartAsync(store: store);
        var t0 = new DateTimeOffset(2026, 8, 1, 12, 0, 0, TimeSpan.Zero);

        // No row yet: every event races to insert it, the losers load the winner's row and retry.
        await Task.WhenAll(Enumerable.Range(0, 10).Select(i =>
            harness.Lifecycle.RecordAsync(new DownloadsCounted(GameId.Ksp, "Fresh", t0.AddSeconds(i), i), default)));
        await Task.WhenAll(Enumerable.Range(0, 10).Select(i =>
            harness.Lifecycle.RecordAsync(new InflationRequested(GameId.Ksp, "Fresh", t0.AddMinutes(i), $"webhook-{i}"), default)));

        var row = await store.LoadAsync(ModSagaId.For(GameId.Ksp, "Fresh"), default);
        Assert.Equal(10, row!.History.Count(x => x.Event == "inflation requested"));
        Assert.Equal(20, row.Version); // one version per event
    }

    [Fact]
    public async Task A_load_after_a_write_sees_the_write()
    {
        using var dir = new TempFolder();
        await using var store = new SqliteModStateStore(Path.Combine(dir.Path, "status.db"));
        var row = await InsertedRowAsync(store, "Seen");

        // Sequential loads reuse one pooled reader: each must see the update committed just before.
        for (var version = 2; version <= 5; version++)
        {
            Assert.Equal(version - 1, (await store.LoadAsync(row.CorrelationId, default))!.Version);
            row.Version = version;
            await store.UpdateAsync(row, expectedVersion: version - 1, default);
        }
        Assert.Equal(5, (await store.LoadAsync(row.CorrelationId, default))!.Version);
    }

    [Fact]
    public async Task A_load_sees_a_row_another_process_wrote_since_this_store_last_wrote_it()
    {
        // Loads run on the writer's connection when it is free, whose page cache outlives this store's own commits; a
        // commit from another connection (a scheduler process on the same data folder) must still be seen at once.
        using var dir = new TempFolder();
        var path = Path.Combine(dir.Path, "status.db");
        await using var store = new SqliteModStateStore(path);
        await using var otherProcess = new SqliteModStateStore(path);
        var row = await InsertedRowAsync(store, "Shared");
        Assert.Equal(1, (await store.LoadAsync(row.CorrelationId, default))!.Version);

        for (var version = 2; version <= 6; version += 2)
        {
            var theirs = (await otherProcess.LoadAsync(row.CorrelationId, default))!;
            theirs.Version = version;
            theirs.LastError = $"other process, version {version}";
            await otherProcess.UpdateAsync(theirs, expectedVersion: version - 1, default);

            var seen = (await store.LoadAsync(row.CorrelationId, default))!;
            Assert.Equal((version, $"other process, version {version}"), (seen.Version, seen.LastError));
            seen.Version = version + 1;
            await store.UpdateAsync(seen, expectedVersion: version, default);
        }
        Assert.Equal(7, (await otherProcess.LoadAsync(row.CorrelationId, default))!.Version);
    }

    [Fact]
    public async Task A_write_queued_while_a_load_holds_the_writers_connection_is_still_committed()
    {
        // Loads borrow the writer's connection between commits; a write that arrives meanwhile finds it taken and
        // leaves its row queued, so the load must commit what was queued when it hands the connection back. One
        // writer at a time (no later write would commit it) against a tight loop of loads.
        using var dir = new TempFolder();
        await using var store = new SqliteModStateStore(Path.Combine(dir.Path, "status.db"));
        var row = await InsertedRowAsync(store, "Busy");
        using var stop = new CancellationTokenSource();
        var loadCount = 0;
        // Own threads, so the thread pool's slow start cannot leave the writes without loads to collide with.
        var loads = Enumerable.Range(0, 2).Select(_ => Task.Factory.StartNew(() =>
        {
            while (!stop.IsCancellationRequested)
            {
                store.LoadAsync(row.CorrelationId, default).GetAwaiter().GetResult();
                Interlocked.Increment(ref loadCount);
            }
        }, TaskCreationOptions.LongRunning)).ToList();
        try
        {
            // Generous: the loaders' threads may start late on a loaded machine.
            using (var started = new CancellationTokenSource(TimeSpan.FromSeconds(60)))
            {
                while (Volatile.Read(ref loadCount) < 100)
                {
                    await Task.Delay(5, started.Token);
                }
            }
            for (var version = 2; version <= 500; version++)
            {
                row.Version = version;
                await store.UpdateAsync(row, expectedVersion: version - 1, default).WaitAsync(TimeSpan.FromSeconds(60));
            }
        }
        finally
        {
            await stop.CancelAsync();
            await Task.WhenAll(loads);
        }
        Assert.True(Volatile.Read(ref loadCount) > 1000, $"only {loadCount} loads ran beside the writes");
        Assert.Equal(500, (await store.LoadAsync(row.CorrelationId, default))!.Version);
    }

    [Fact]
    public async Task Writers_racing_on_one_row_each_see_the_winners_write_when_they_reload()
    {
        using var dir = new TempFolder();
        await using var store = new SqliteModStateStore(Path.Combine(dir.Path, "status.db"));
        var id = (await InsertedRowAsync(store, "Hot")).CorrelationId;
        using var limit = new CancellationTokenSource(TimeSpan.FromSeconds(60));

        // Optimistic concurrency as the saga does it: load, change, write against the loaded version, reload on conflict.
        await Task.WhenAll(Enumerable.Range(0, 8).Select(writer => Task.Run(async () =>
        {
            for (var done = 0; done < 25;)
            {
                limit.Token.ThrowIfCancellationRequested();
                var row = (await store.LoadAsync(id, default))!;
                var loaded = row.Version;
                row.Version = loaded + 1;
                row.DownloadCount = (row.DownloadCount ?? 0) + 1;
                try
                {
                    await store.UpdateAsync(row, loaded, default);
                    done++;
                }
                catch (ModStateConcurrencyException)
                {
                }
            }
        })));

        var final = await store.LoadAsync(id, default);
        Assert.Equal((201, 200L), (final!.Version, final.DownloadCount));
    }

    [Fact]
    public async Task Written_rows_reach_the_database_file_by_a_background_checkpoint_while_the_store_stays_open()
    {
        // SQLite's own checkpoint runs inside the commit that crosses 10,000 WAL pages and stalls every write queued
        // behind it; the store copies the WAL into the file on a connection of its own every few thousand rows instead.
        // Written in batches these rows fill far fewer WAL pages than 10,000: only that background checkpoint (or
        // closing the store, which this test does not do) puts them into the database file.
        using var dir = new TempFolder();
        var path = Path.Combine(dir.Path, "status.db");
        await using var store = new SqliteModStateStore(path);
        var rows = SqliteModStateStore.RowsPerBackgroundCheckpoint + 1;
        var writes = Enumerable.Range(0, rows)
            .Select(i => new ModStateWrite(
                new ModState { CorrelationId = Guid.NewGuid(), Identifier = $"Checkpointed{i:D5}", GameId = "ksp", Version = 1 }, null))
            .ToList();
        Assert.Empty(await store.WriteManyAsync(writes, default));

        var walPages = (new FileInfo(path + "-wal").Length - 32) / (SqliteModStateStore.PageSize + 24);
        Assert.InRange(walPages, 1, 9_999);
        var last = System.Text.Encoding.UTF8.GetBytes($"Checkpointed{rows - 1:D5}");
        var deadline = DateTime.UtcNow.AddSeconds(60);
        while (!FileContains(path, last))
        {
            Assert.True(DateTime.UtcNow < deadline, $"the last of {rows} rows is not in {path} after 60 s ({walPages} WAL pages)");
            await Task.Delay(50);
        }

        static bool FileContains(string path, byte[] text)
        {
            using var file = new FileStream(path, FileMode.Open, FileAccess.Read, FileShare.ReadWrite | FileShare.Delete);
            using var copy = new MemoryStream();
            file.CopyTo(copy);
            return copy.GetBuffer().AsSpan(0, (int)copy.Length).IndexOf(text) >= 0;
        }
    }

    private static async Task<ModState> InsertedRowAsync(SqliteModStateStore store, string identifier)
    {
        var row = new ModState { CorrelationId = Guid.NewGuid(), Identifier = identifier, GameId = "ksp", Version = 1 };
        await store.InsertAsync(row, default);
        return row;
    }
}
