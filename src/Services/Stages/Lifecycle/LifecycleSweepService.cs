using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;
using NetKAN.Bus.Sagas.Lifecycle;

namespace NetKAN.Bus.Services.Lifecycle;

/// <summary>
/// At start, reconciles the rows with CKAN-meta (<see cref="CkanMetaReconciliation"/>) and runs the
/// <see cref="LifecycleSweep"/> (re-driving what fell due while no host ran); then sweeps every
/// <c>Lifecycle:SweepInterval</c> and reconciles every <c>Lifecycle:ReconcileInterval</c>.
/// </summary>
public sealed class LifecycleSweepService(
    LifecycleSweep sweep,
    CkanMetaReconciliation reconciliation,
    IOptions<LifecycleOptions> options,
    TimeProvider time,
    ILogger<LifecycleSweepService> logger) : BackgroundService
{
    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        using var timer = new PeriodicTimer(options.Value.SweepInterval, time);
        DateTimeOffset? reconciled = null;
        do
        {
            try
            {
                if (reconciled is null || time.GetUtcNow() - reconciled >= options.Value.ReconcileInterval)
                {
                    reconciled = time.GetUtcNow();
                    await reconciliation.RunAsync(stoppingToken);
                }
                await sweep.RunAsync(stoppingToken);
            }
            catch (Exception e) when (!stoppingToken.IsCancellationRequested)
            {
                logger.LogError(e, "Lifecycle sweep failed; trying again in {Interval}", options.Value.SweepInterval);
            }
        }
        while (await WaitAsync(timer, stoppingToken));
    }

    private static async Task<bool> WaitAsync(PeriodicTimer timer, CancellationToken stoppingToken)
    {
        try
        {
            return await timer.WaitForNextTickAsync(stoppingToken);
        }
        catch (OperationCanceledException)
        {
            return false;
        }
    }
}
