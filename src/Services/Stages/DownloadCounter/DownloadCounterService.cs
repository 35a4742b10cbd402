using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;
using NetKAN.Bus.Services.Git;
using NetKAN.Bus.Services.Jobs;

namespace NetKAN.Bus.Services.DownloadCounter;

/// <summary>Counts every configured game's downloads on <c>DownloadCounter:Cron</c>.</summary>
public sealed class DownloadCounterService(
    ModDownloadCounter counter,
    GameRepositories repositories,
    IOptions<DownloadCounterOptions> options,
    TimeProvider time,
    ILogger<DownloadCounterService> logger)
    : CronJob("download-counter", options.Value.Cron, "DownloadCounter:Cron", options.Value.RunOnSchedule, time, logger)
{
    protected override async Task RunOnceAsync(CancellationToken cancellationToken)
    {
        foreach (var game in repositories.Games)
        {
            await counter.CountAsync(game, cancellationToken).ConfigureAwait(false);
        }
    }
}
