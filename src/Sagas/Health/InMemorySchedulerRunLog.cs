using System.Collections.Concurrent;
using NetKAN.Bus.Contracts.Games;

namespace NetKAN.Bus.Sagas.Health;

public sealed class InMemorySchedulerRunLog : ISchedulerRunLog
{
    private const int Keep = 100;
    private readonly ConcurrentQueue<SchedulerRun> _runs = new();

    public Task RecordAsync(SchedulerRun run, CancellationToken cancellationToken)
    {
        _runs.Enqueue(run);
        while (_runs.Count > Keep && _runs.TryDequeue(out _))
        {
        }
        return Task.CompletedTask;
    }

    public Task<IReadOnlyList<SchedulerRun>> RecentAsync(GameId? game, int limit, CancellationToken cancellationToken)
    {
        IReadOnlyList<SchedulerRun> runs = _runs
            .Where(x => game is null || x.Game == game)
            .OrderByDescending(x => x.Time)
            .Take(limit)
            .ToList();
        return Task.FromResult(runs);
    }
}
