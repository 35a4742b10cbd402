using System.Text.Json;
using Microsoft.Data.Sqlite;
using NetKAN.Bus.Contracts.Games;
using NetKAN.Bus.Sagas.Persistence;

namespace NetKAN.Bus.Sagas.Health;

/// <summary>Scheduling passes in the same SQLite file as the status rows (table <c>scheduler_run</c>).</summary>
public sealed class SqliteSchedulerRunLog : ISchedulerRunLog
{
    private readonly string _connectionString;

    public SqliteSchedulerRunLog(string databasePath)
    {
        Directory.CreateDirectory(Path.GetDirectoryName(Path.GetFullPath(databasePath))!);
        _connectionString = new SqliteConnectionStringBuilder { DataSource = databasePath, DefaultTimeout = 30 }.ToString();
        using var connection = Open();
        using var command = connection.CreateCommand();
        // This log shares the status file and may be the one that creates it: with the status rows' page size.
        command.CommandText = $"""
            PRAGMA page_size = {SqliteModStateStore.PageSize};
            CREATE TABLE IF NOT EXISTS scheduler_run (
                id      INTEGER PRIMARY KEY AUTOINCREMENT,
                game_id TEXT NOT NULL,
                time    TEXT NOT NULL,
                body    TEXT NOT NULL
            );
            """;
        command.ExecuteNonQuery();
    }

    public async Task RecordAsync(SchedulerRun run, CancellationToken cancellationToken)
    {
        await using var connection = Open();
        await using var command = connection.CreateCommand();
        command.CommandText = "INSERT INTO scheduler_run (game_id, time, body) VALUES ($game, $time, $body)";
        command.Parameters.AddWithValue("$game", run.Game.Value);
        command.Parameters.AddWithValue("$time", run.Time.ToString("O"));
        command.Parameters.AddWithValue("$body", JsonSerializer.Serialize(run));
        await command.ExecuteNonQueryAsync(cancellationToken);
    }

    public async Task<IReadOnlyList<SchedulerRun>> RecentAsync(GameId? game, int limit, CancellationToken cancellationToken)
    {
        await using var connection = Open();
        await using var command = connection.CreateCommand();
        command.CommandText = game is null
            ? "SELECT body FROM scheduler_run ORDER BY id DESC LIMIT $limit"
            : "SELECT body FROM scheduler_run WHERE game_id = $game ORDER BY id DESC LIMIT $limit";
        command.Parameters.AddWithValue("$limit", limit);
        if (game is not null)
        {
            command.Parameters.AddWithValue("$game", game.Value.Value);
        }
        var runs = new List<SchedulerRun>();
        await using var reader = await command.ExecuteReaderAsync(cancellationToken);
        while (await reader.ReadAsync(cancellationToken))
        {
            runs.Add(JsonSerializer.Deserialize<SchedulerRun>(reader.GetString(0))!);
        }
        return runs;
    }

    private SqliteConnection Open()
    {
        var connection = new SqliteConnection(_connectionString);
        connection.Open();
        return connection;
    }
}
