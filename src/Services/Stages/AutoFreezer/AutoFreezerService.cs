using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;
using NetKAN.Bus.Services.Git;
using NetKAN.Bus.Services.Jobs;

namespace NetKAN.Bus.Services.AutoFreezer;

/// <summary>Runs the Auto-Freezer for every configured game on <c>AutoFreezer:Cron</c>.</summary>
public sealed class AutoFreezerService(
    ModFreezer freezer,
    GameRepositories repositories,
    IOptions<AutoFreezerOptions> options,
    TimeProvider time,
    ILogger<AutoFreezerService> logger)
    : CronJob("auto-freezer", options.Value.Cron, "AutoFreezer:Cron", options.Value.RunOnSchedule, time, logger)
{
    protected override async Task RunOnceAsync(CancellationToken cancellationToken)
    {
        foreach (var game in repositories.Games)
        {
            await freezer.RunAsync(game, null, null, cancellationToken).ConfigureAwait(false);
        }
    }
}
