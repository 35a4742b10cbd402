using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;
using NetKAN.Bus.Sagas.Lifecycle;

namespace NetKAN.Bus.Services.Lifecycle;

/// <summary>Runs the <see cref="LifecycleSweep"/> at start (re-driving what fell due while no host ran) and every
/// <c>Lifecycle:SweepInterval</c>.</summary>
public sealed class LifecycleSweepService(
    LifecycleSweep sweep,
    IOptions<LifecycleOptions> options,
    TimeProvider time,
    ILogger<LifecycleSweepService> logger) : BackgroundService
{
    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        using var timer = new PeriodicTimer(options.Value.SweepInterval, time);
        do
        {
            try
            {
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
