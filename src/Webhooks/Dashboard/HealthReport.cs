using NetKAN.Bus.Contracts.Games;

namespace NetKAN.Bus.Webhooks.Dashboard;

public enum HealthLevel
{
    Ok,
    Warning,
    Problem,
}

public sealed record HealthItem(HealthLevel Level, string Text);

/// <summary>
/// The banner above the table: when the scheduler last ran (or why it skipped), queue depths where known, and a
/// warning when the newest inflation result is too old to trust the table.
/// </summary>
public static class HealthReport
{
    public static IReadOnlyList<HealthItem> For(StatusSnapshot snapshot, IReadOnlyList<GameId> games, DashboardOptions options,
        DateTimeOffset now)
    {
        var items = new List<HealthItem>();
        foreach (var game in games)
        {
            var label = game.Value.ToUpperInvariant();
            var run = snapshot.Runs.Where(x => x.Game == game).MaxBy(x => x.Time);
            if (run is null)
            {
                items.Add(new HealthItem(HealthLevel.Warning, $"{label}: no scheduling pass recorded."));
            }
            else if (run.Skipped)
            {
                items.Add(new HealthItem(HealthLevel.Warning,
                    $"{label}: the last scheduling pass ({run.Group}, {TimeText.Ago(run.Time, now)}) was skipped: {run.Reason ?? "no reason recorded"}."));
            }
            else
            {
                var late = now - run.Time > options.SchedulerLateAfter;
                items.Add(new HealthItem(late ? HealthLevel.Problem : HealthLevel.Ok,
                    $"{label}: scheduler last ran {TimeText.Ago(run.Time, now)} ({run.Group}, {run.Sent:N0} sent" +
                    (run.GitHubRemaining is { } gh ? $", GitHub API {gh:N0} left" : "") + ")."));
            }

            var newest = snapshot.RowsOf(game).Select(x => x.State.LastInflated).Max();
            if (newest is null)
            {
                items.Add(new HealthItem(HealthLevel.Warning, $"{label}: no inflation result on record yet."));
            }
            else if (now - newest > options.StaleAfter)
            {
                items.Add(new HealthItem(HealthLevel.Problem,
                    $"{label}: the status may be stale: the newest inflation result is from {TimeText.Ago(newest, now)} ({TimeText.Utc(newest.Value)})."));
            }
        }
        var known = snapshot.Queues.Where(x => x.Depth is not null).ToList();
        if (known.Count > 0)
        {
            items.Add(new HealthItem(HealthLevel.Ok,
                "Queues: " + string.Join(", ", known.Select(x => $"{x.Queue} {x.Depth:N0}")) + "."));
        }
        return items;
    }
}
