using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;

namespace NetKAN.Bus.Services.Transport.InMemory;

public sealed class InMemoryTransportOptions
{
    public const string Section = "Transport:InMemory";

    /// <summary>Attempts per message before it is dead-lettered (SQS: the redrive policy's maxReceiveCount).</summary>
    public int MaxAttempts { get; set; } = 5;

    /// <summary>Pause before the next attempt grows by this much per attempt (SQS: the visibility timeout).</summary>
    public TimeSpan RetryDelay { get; set; } = TimeSpan.FromSeconds(1);
}

/// <summary>
/// Drains every in-memory queue this process consumes, one message at a time per queue (FIFO order),
/// through the <see cref="QueueDispatcher"/>; retries a failing message and dead-letters it after the last attempt.
/// </summary>
public sealed class InMemoryQueueWorker(
    InMemoryQueues queues,
    QueueDispatcher dispatcher,
    IOptions<InMemoryTransportOptions> options,
    ILogger<InMemoryQueueWorker> logger) : BackgroundService
{
    protected override Task ExecuteAsync(CancellationToken stoppingToken) =>
        Task.WhenAll(dispatcher.Queues.Select(queue => DrainAsync(queue, stoppingToken)));

    private async Task DrainAsync(string queue, CancellationToken stoppingToken)
    {
        var reader = queues.Reader(queue);
        try
        {
            await foreach (var message in reader.ReadAllAsync(stoppingToken))
            {
                queues.Taken(queue);
                try
                {
                    await HandleWithRetriesAsync(queue, message, stoppingToken);
                }
                finally
                {
                    queues.Finished();
                }
            }
        }
        catch (OperationCanceledException) when (stoppingToken.IsCancellationRequested)
        {
        }
    }

    private async Task HandleWithRetriesAsync(string queue, Contracts.Wire.WireMessage message, CancellationToken stoppingToken)
    {
        var settings = options.Value;
        for (var attempt = 1; ; attempt++)
        {
            try
            {
                var headers = new Dictionary<string, object> { ["ApproximateReceiveCount"] = attempt.ToString() };
                await dispatcher.HandleAsync(queue, message, headers, stoppingToken);
                return;
            }
            catch (Exception e) when (!stoppingToken.IsCancellationRequested)
            {
                if (attempt >= settings.MaxAttempts)
                {
                    logger.LogError(e, "Message on {Queue} failed {Attempts} times; dead-lettered", queue, attempt);
                    queues.DeadLetter(queue, message, e);
                    return;
                }
                logger.LogWarning(e, "Message on {Queue} failed (attempt {Attempt} of {Max}); retrying", queue, attempt, settings.MaxAttempts);
                await Task.Delay(settings.RetryDelay * attempt, stoppingToken);
            }
        }
    }
}
