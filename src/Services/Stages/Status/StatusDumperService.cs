using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;

namespace NetKAN.Bus.Services.Status;

/// <summary>Dumps the status at start and then every <c>StatusDumper:Interval</c>; a failed dump is logged and retried next time.</summary>
public sealed class StatusDumperService(StatusDumper dumper, IOptions<StatusDumperOptions> options, TimeProvider time,
    ILogger<StatusDumperService> logger) : BackgroundService
{
    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        var interval = options.Value.Interval > TimeSpan.Zero ? options.Value.Interval : TimeSpan.FromMinutes(5);
        using var timer = new PeriodicTimer(interval, time);
        var bucketReady = false;
        try
        {
            do
            {
                try
                {
                    if (!bucketReady)
                    {
                        await dumper.EnsureBucketAsync(stoppingToken);
                        bucketReady = true;
                    }
                    await dumper.DumpAsync(null, null, stoppingToken);
                }
                catch (Exception e) when (!stoppingToken.IsCancellationRequested)
                {
                    logger.LogError(e, "Status dump failed; trying again in {Interval}", interval);
                }
            }
            while (await timer.WaitForNextTickAsync(stoppingToken));
        }
        catch (OperationCanceledException) when (stoppingToken.IsCancellationRequested)
        {
        }
    }
}
