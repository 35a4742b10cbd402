using System.Collections.Concurrent;
using System.Diagnostics;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;
using NetKAN.Bus.Contracts.Games;
using NetKAN.Bus.Contracts.Lifecycle;
using NetKAN.Bus.Contracts.Queues;
using NetKAN.Bus.Sagas.Health;
using NetKAN.Bus.Sagas.Persistence;
using NetKAN.Bus.Sagas.Recording;
using NetKAN.Bus.Services.Git;
using NetKAN.Bus.Services.GitHub;
using NetKAN.Bus.Services.ModCatalog;

namespace NetKAN.Bus.Services.Scheduler;

/// <summary>What a pass did, with how long its parts took.</summary>
/// <param name="Scheduling">Checks, pulls, choosing the netkans and sending the messages.</param>
/// <param name="Recording">Recording <see cref="InflationRequested"/> on every mod's status afterwards.</param>
public sealed record SchedulerPassResult(SchedulerRun Run, TimeSpan Scheduling, TimeSpan Recording);

/// <summary>The messages one pass sent (what <see cref="SchedulingPass.RecordRequestsAsync"/> records).</summary>
public sealed record ScheduledRequests(SchedulerRun Run, IReadOnlyList<(string Identifier, InflateMod Message)> Requests,
    TimeSpan Elapsed);

/// <summary>
/// One scheduling pass for one game, as the original scheduler: unless the inflation queue is too full or GitHub's
/// rate limit too low (the skip and its reason are recorded for the dashboard), send an <see cref="InflateMod"/> for
/// every active netkan of the group, with its highest indexed versions, in batches of 10. The mods' statuses get
/// <see cref="InflationRequested"/> after everything is sent, so the pass itself stays fast.
/// </summary>
public sealed class SchedulingPass(
    GameRepositories repositories,
    NetkanScanner netkans,
    CkanMetaVersions versions,
    ContractSender sender,
    QueueNames queues,
    IQueueDepth queueDepth,
    IGitHubRateLimit gitHub,
    ISchedulerRunLog runs,
    IModLifecycle lifecycle,
    IModStateStore statuses,
    IOptions<SchedulerOptions> options,
    TimeProvider time,
    ILogger<SchedulingPass> logger)
{
    private readonly ConcurrentDictionary<GameId, SemaphoreSlim> _running = new();

    /// <summary>Schedules (<see cref="ScheduleAsync"/>), then records the requests on the mods' statuses.</summary>
    public async Task<SchedulerPassResult> RunAsync(GameId game, SchedulerGroup group, CancellationToken cancellationToken)
    {
        var scheduled = await ScheduleAsync(game, group, cancellationToken).ConfigureAwait(false);
        var recording = await RecordRequestsAsync(scheduled, cancellationToken).ConfigureAwait(false);
        return new SchedulerPassResult(scheduled.Run, scheduled.Elapsed, recording);
    }

    /// <summary>The pass itself: checks (a skip is recorded with its reason), pulls, sends, records the run.</summary>
    public async Task<ScheduledRequests> ScheduleAsync(GameId game, SchedulerGroup group, CancellationToken cancellationToken)
    {
        var gate = _running.GetOrAdd(game, _ => new SemaphoreSlim(1, 1));
        await gate.WaitAsync(cancellationToken).ConfigureAwait(false);
        try
        {
            return await ScheduleExclusiveAsync(game, group, cancellationToken).ConfigureAwait(false);
        }
        catch (Exception e) when (!cancellationToken.IsCancellationRequested)
        {
            logger.LogError(e, "Scheduling pass for {Game} ({Group}) failed", game, group.Name());
            await runs.RecordAsync(new SchedulerRun(game, time.GetUtcNow(), group.Name(), true, $"Pass failed: {e.Message}", 0),
                cancellationToken).ConfigureAwait(false);
            throw;
        }
        finally
        {
            gate.Release();
        }
    }

    /// <summary>Records <see cref="InflationRequested"/> for every message of a pass, as one batch (one write of the
    /// rows where the status store can).</summary>
    public async Task<TimeSpan> RecordRequestsAsync(ScheduledRequests scheduled, CancellationToken cancellationToken)
    {
        var clock = Stopwatch.StartNew();
        var source = $"scheduler ({scheduled.Run.Group})";
        var requested = scheduled.Requests
            .Select(x => new InflationRequested(scheduled.Run.Game, x.Identifier, scheduled.Run.Time, source,
                x.Message.HighestVersion, x.Message.HighestVersionPrerelease))
            .ToList();
        await lifecycle.RecordRequestsAsync(requested, cancellationToken).ConfigureAwait(false);
        return clock.Elapsed;
    }

    private async Task<ScheduledRequests> ScheduleExclusiveAsync(GameId game, SchedulerGroup group, CancellationToken cancellationToken)
    {
        var clock = Stopwatch.StartNew();
        var started = time.GetUtcNow();
        var settings = options.Value;
        var queue = queues.InflationFor(game);

        var maxQueued = group == SchedulerGroup.Webhooks ? settings.WebhooksMaxQueued : settings.MaxQueued;
        var queued = await queueDepth.GetDepthAsync(queue, cancellationToken).ConfigureAwait(false);
        if (queued > maxQueued)
        {
            return await SkipAsync(game, group, started,
                $"Inflation queue {queue} holds {queued} messages, more than {maxQueued}", queued, null, cancellationToken).ConfigureAwait(false);
        }
        int? remaining = null;
        if (settings.MinGitHubRemaining > 0)
        {
            try
            {
                remaining = await gitHub.GetCoreRemainingAsync(cancellationToken).ConfigureAwait(false);
            }
            catch (Exception e) when (e is not OperationCanceledException)
            {
                return await SkipAsync(game, group, started, $"GitHub API rate limit could not be read: {e.Message}",
                    queued, null, cancellationToken).ConfigureAwait(false);
            }
            if (remaining < settings.MinGitHubRemaining)
            {
                return await SkipAsync(game, group, started,
                    $"GitHub API rate limit remaining {remaining} below {settings.MinGitHubRemaining}", queued, remaining,
                    cancellationToken).ConfigureAwait(false);
            }
        }

        await repositories.PullAsync(game, cancellationToken).ConfigureAwait(false);
        var index = await versions.GetAsync(game, cancellationToken).ConfigureAwait(false);
        var active = await netkans.ActiveAsync(game, cancellationToken).ConfigureAwait(false);
        var backedOff = await BackedOffAsync(game, started, cancellationToken).ConfigureAwait(false);
        var requests = active.Where(x => group.Includes(x) && !backedOff.Contains(x.Identifier))
            .Select(x => (x.Identifier, Message: InflationRequestFactory.For(game, x, index)))
            .ToList();
        if (backedOff.Count > 0)
        {
            logger.LogInformation("Not scheduled ({Game}): {Count} mods failing the same way, backed off: {Mods}", game,
                backedOff.Count, string.Join(", ", backedOff.Order(StringComparer.Ordinal)));
        }
        try
        {
            await sender.SendManyAsync(requests.Select(x => x.Message), cancellationToken).ConfigureAwait(false);
        }
        catch (QueueFullException full)
        {
            // A bounded in-process queue filled up mid-pass: what was queued is inflated; the rest waits for the next pass.
            return await SkipAsync(game, group, started, full.Message, queued, remaining, cancellationToken).ConfigureAwait(false);
        }

        var run = new SchedulerRun(game, started, group.Name(), false, null, requests.Count, queued, remaining);
        await runs.RecordAsync(run, cancellationToken).ConfigureAwait(false);
        logger.LogInformation("NetKANs submitted to {Queue}: {Count} ({Game}, {Group}) in {Milliseconds:0} ms",
            queue, requests.Count, game, group.Name(), clock.Elapsed.TotalMilliseconds);
        return new ScheduledRequests(run, requests, clock.Elapsed);
    }

    /// <summary>Mods whose row says scheduling backs off until later (each row carries its reason for the dashboard).</summary>
    private async Task<HashSet<string>> BackedOffAsync(GameId game, DateTimeOffset now, CancellationToken cancellationToken)
    {
        var rows = await statuses.ListAsync(game, cancellationToken).ConfigureAwait(false);
        return rows.Where(x => x.BackoffUntil > now).Select(x => x.Identifier).ToHashSet(StringComparer.Ordinal);
    }

    private async Task<ScheduledRequests> SkipAsync(GameId game, SchedulerGroup group, DateTimeOffset started, string reason,
        int? queued, int? remaining, CancellationToken cancellationToken)
    {
        logger.LogWarning("Run skipped for {Game} ({Group}): {Reason}", game, group.Name(), reason);
        var run = new SchedulerRun(game, started, group.Name(), true, reason, 0, queued, remaining);
        await runs.RecordAsync(run, cancellationToken).ConfigureAwait(false);
        return new ScheduledRequests(run, [], TimeSpan.Zero);
    }
}
