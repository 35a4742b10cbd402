using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;
using NetKAN.Bus.Contracts.Queues;
using NetKAN.Bus.Contracts.Games;
using NetKAN.Bus.Sagas.Health;
using NetKAN.Bus.Sagas.Persistence;

namespace NetKAN.Bus.Webhooks.Dashboard;

/// <summary>
/// Serves the current <see cref="StatusSnapshot"/> and never one older than <see cref="DashboardOptions.CacheSeconds"/>.
/// Past three quarters of that age a request starts reading the next one in the background (with the status files already
/// rendered) and is served the current one, so under steady traffic no request waits for a store scan or a render;
/// only a request that finds the snapshot expired (the first one, or after a quiet spell) reads it itself. One reader
/// at a time: while it reads, other requests get the previous snapshot, so a burst of page loads costs one store scan.
/// </summary>
public sealed class StatusSnapshots(
    IModStateStore store,
    IServiceProvider services,
    QueueNames queueNames,
    TimeProvider time,
    IOptions<DashboardOptions> options,
    ILogger<StatusSnapshots> logger)
{
    public const int RecentRuns = 50;

    private readonly SemaphoreSlim _refresh = new(1, 1);
    private volatile StatusSnapshot? _current;

    public async Task<StatusSnapshot> GetAsync(CancellationToken cancellationToken)
    {
        var current = _current;
        if (current is not null && Fresh(current))
        {
            if (Aging(current))
            {
                RefreshInBackground(current);
            }
            return current;
        }
        if (current is not null && !await _refresh.WaitAsync(0, cancellationToken))
        {
            return current; // someone else is reading; the previous snapshot is good enough meanwhile
        }
        if (current is null)
        {
            await _refresh.WaitAsync(cancellationToken);
        }
        try
        {
            if (_current is { } other && Fresh(other))
            {
                return other;
            }
            var snapshot = await ReadNextAsync(current, cancellationToken);
            _current = snapshot;
            return snapshot;
        }
        finally
        {
            _refresh.Release();
        }
    }

    private void RefreshInBackground(StatusSnapshot current)
    {
        if (!_refresh.Wait(0))
        {
            return; // already reading
        }
        _ = Task.Run(async () =>
        {
            try
            {
                var snapshot = await ReadNextAsync(current, CancellationToken.None);
                if (ReferenceEquals(_current, current))
                {
                    _current = snapshot;
                }
            }
            catch (Exception e)
            {
                // The current snapshot stays; once it expires a request reads (and reports) again.
                logger.LogWarning(e, "Reading the next status snapshot failed");
            }
            finally
            {
                _refresh.Release();
            }
        });
    }

    private TimeSpan Age(StatusSnapshot snapshot) => time.GetUtcNow() - snapshot.Taken;

    private bool Fresh(StatusSnapshot snapshot) => Age(snapshot) < TimeSpan.FromSeconds(options.Value.CacheSeconds);

    /// <summary>Past three quarters of the cache time: time to read the next snapshot while this one is still served
    /// (a read with its renders takes a fraction of a second; earlier would only read more often).</summary>
    private bool Aging(StatusSnapshot snapshot) => Age(snapshot) >= TimeSpan.FromSeconds(options.Value.CacheSeconds * 0.75);

    /// <summary>A new snapshot, with the status files clients read from <paramref name="previous"/> rendered ahead.</summary>
    private async Task<StatusSnapshot> ReadNextAsync(StatusSnapshot? previous, CancellationToken cancellationToken)
    {
        var snapshot = await ReadAsync(cancellationToken);
        if (previous is not null)
        {
            snapshot.RenderAhead(previous);
        }
        return snapshot;
    }

    private async Task<StatusSnapshot> ReadAsync(CancellationToken cancellationToken)
    {
        var started = time.GetTimestamp();
        var taken = time.GetUtcNow();
        var states = await store.ListAsync(null, cancellationToken);
        var runLog = services.GetService<ISchedulerRunLog>();
        var runs = runLog is null ? [] : await runLog.RecentAsync(null, RecentRuns, cancellationToken);
        var queues = await QueueDepthsAsync(cancellationToken);
        var snapshot = new StatusSnapshot(taken, states, runs, queues);
        logger.LogDebug("Status snapshot: {Mods} mods read in {Elapsed} ms", states.Count, time.GetElapsedTime(started).TotalMilliseconds);
        return snapshot;
    }

    /// <summary>The configured queues' depths where this process's transport can tell (a dashboard-only process may not).</summary>
    private async Task<IReadOnlyList<QueueDepthReading>> QueueDepthsAsync(CancellationToken cancellationToken)
    {
        var depth = services.GetService<IQueueDepth>();
        if (depth is null)
        {
            return [];
        }
        var names = GameId.All.Select(g => queueNames.Inflation.GetValueOrDefault(g.Value))
            .Concat([queueNames.Outbound, queueNames.Mirroring, queueNames.Adding])
            .OfType<string>()
            .Distinct(StringComparer.Ordinal);
        var readings = new List<QueueDepthReading>();
        foreach (var name in names)
        {
            int? n;
            try
            {
                n = await depth.GetDepthAsync(name, cancellationToken);
            }
            catch (Exception e) when (e is not OperationCanceledException)
            {
                logger.LogWarning(e, "Could not read the depth of {Queue}", name);
                n = null;
            }
            readings.Add(new QueueDepthReading(name, n));
        }
        return readings;
    }
}
