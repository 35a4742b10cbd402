using System.Collections.Concurrent;
using Cronos;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;
using NetKAN.Bus.Contracts.Games;
using NetKAN.Bus.Services.Git;

namespace NetKAN.Bus.Services.Scheduler;

/// <summary>Runs the scheduling passes of every configured game on their cron schedules (UTC):
/// <c>Scheduler:Cron</c> for the regular pass, <c>Scheduler:WebhooksCron</c> for the webhooks group.</summary>
public sealed class SchedulerService(
    SchedulingPass pass,
    GameRepositories repositories,
    IOptions<SchedulerOptions> options,
    TimeProvider time,
    ILogger<SchedulerService> logger) : BackgroundService
{
    private readonly CronExpression _regular = ParseCron(options.Value.Cron, "Scheduler:Cron");
    private readonly CronExpression _webhooks = ParseCron(options.Value.WebhooksCron, "Scheduler:WebhooksCron");
    private readonly ConcurrentDictionary<(GameId, SchedulerGroup), DateTimeOffset> _next = new();

    /// <summary>When the loop of a game and group will next run its pass, once it has worked that out (null before,
    /// and when it runs off the schedule). The loops start in the background after the host has started.</summary>
    public DateTimeOffset? NextPass(GameId game, SchedulerGroup group) =>
        _next.TryGetValue((game, group), out var next) ? next : null;

    protected override Task ExecuteAsync(CancellationToken stoppingToken)
    {
        if (!options.Value.RunOnSchedule)
        {
            return Task.CompletedTask;
        }
        return Task.WhenAll(repositories.Games.SelectMany(game => new[]
        {
            LoopAsync(game, SchedulerGroup.NonHooks, _regular, stoppingToken),
            LoopAsync(game, SchedulerGroup.Webhooks, _webhooks, stoppingToken),
        }));
    }

    private async Task LoopAsync(GameId game, SchedulerGroup group, CronExpression cron, CancellationToken stoppingToken)
    {
        while (!stoppingToken.IsCancellationRequested)
        {
            var now = time.GetUtcNow();
            var next = cron.GetNextOccurrence(now, TimeZoneInfo.Utc);
            if (next is null)
            {
                return;
            }
            logger.LogInformation("Next {Group} pass for {Game} at {Next:u}", group.Name(), game, next);
            _next[(game, group)] = next.Value;
            try
            {
                await Task.Delay(next.Value - now, time, stoppingToken).ConfigureAwait(false);
                await pass.RunAsync(game, group, stoppingToken).ConfigureAwait(false);
            }
            catch (OperationCanceledException) when (stoppingToken.IsCancellationRequested)
            {
                return;
            }
            catch (Exception e)
            {
                // Already recorded as a failed run; the next occurrence tries again.
                logger.LogDebug(e, "Scheduling pass failed");
            }
        }
    }

    private static CronExpression ParseCron(string expression, string key)
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
