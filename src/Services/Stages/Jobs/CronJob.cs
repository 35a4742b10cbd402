using Cronos;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;

namespace NetKAN.Bus.Services.Jobs;

/// <summary>
/// Runs a periodic job on a cron schedule (UTC, five fields, e.g. <c>0 3 * * *</c>) for as long as the host runs.
/// A failed run is logged and the next occurrence tries again; runs never overlap.
/// </summary>
public abstract class CronJob(string name, string cron, string configurationKey, bool enabled, TimeProvider time, ILogger logger)
    : BackgroundService
{
    private readonly CronExpression _schedule = Parse(cron, configurationKey);

    /// <summary>One run of the job.</summary>
    protected abstract Task RunOnceAsync(CancellationToken cancellationToken);

    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        if (!enabled)
        {
            return;
        }
        while (!stoppingToken.IsCancellationRequested)
        {
            var now = time.GetUtcNow();
            var next = _schedule.GetNextOccurrence(now, TimeZoneInfo.Utc);
            if (next is null)
            {
                return;
            }
            logger.LogInformation("Next {Job} run at {Next:u}", name, next);
            try
            {
                await Task.Delay(next.Value - now, time, stoppingToken).ConfigureAwait(false);
                await RunOnceAsync(stoppingToken).ConfigureAwait(false);
            }
            catch (OperationCanceledException) when (stoppingToken.IsCancellationRequested)
            {
                return;
            }
            catch (Exception e)
            {
                logger.LogError(e, "{Job} run failed; trying again at the next occurrence", name);
            }
        }
    }

    private static CronExpression Parse(string expression, string key)
    {
        try
        {
            return CronExpression.Parse(expression);
        }
        catch (CronFormatException e)
        {
            throw new InvalidOperationException($"{key} '{expression}' is not a cron expression: {e.Message}", e);
        }
    }
}
