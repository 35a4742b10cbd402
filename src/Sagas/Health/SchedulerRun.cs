using NetKAN.Bus.Contracts.Games;

namespace NetKAN.Bus.Sagas.Health;

/// <summary>One scheduling pass: what it sent, or why it was skipped. Shown in the dashboard's health banner.</summary>
public sealed record SchedulerRun(
    GameId Game,
    DateTimeOffset Time,
    string Group,
    bool Skipped,
    string? Reason,
    int Sent,
    int? QueueDepth = null,
    int? GitHubRemaining = null);

/// <summary>Keeps the latest scheduling pass per game (and group), so any process can show it.</summary>
public interface ISchedulerRunLog
{
    Task RecordAsync(SchedulerRun run, CancellationToken cancellationToken);

    /// <summary>The latest runs, newest first (at most <paramref name="limit"/>), of one game or all.</summary>
    Task<IReadOnlyList<SchedulerRun>> RecentAsync(GameId? game, int limit, CancellationToken cancellationToken);
}
