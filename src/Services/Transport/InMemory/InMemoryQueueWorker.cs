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

    /// <summary>Messages of different FIFO groups (different mods) handled at once per queue (SQS: Sqs:MaxInFlight).
    /// Messages of one group are always handled one after another, in order.</summary>
    public int MaxInFlight { get; set; } = 4;

    /// <summary>Messages a queue holds at most; a send beyond that is refused (<c>QueueFullException</c>: webhooks
    /// answer 503, the scheduler skips its pass).</summary>
    public int MaxQueued { get; set; } = 5000;

    /// <summary>The SQLite file that keeps queued messages across a crash. Default: <c>queues.db</c> beside the
    /// SQLite status file with <c>--store sqlite</c>; in memory (lost with the process) otherwise.</summary>
    public string? Path { get; set; }
}

/// <summary>
/// Drains every in-memory queue this process consumes through the <see cref="QueueDispatcher"/>, with SQS FIFO
/// semantics: a group's messages one after another in order, different groups (mods) in parallel up to
/// <see cref="InMemoryTransportOptions.MaxInFlight"/>; retries a failing message and dead-letters it after the last attempt.
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
        using var slots = new SemaphoreSlim(Math.Max(1, options.Value.MaxInFlight));
        // The last message started per group: the next one of the group waits for it.
        var groupTails = new Dictionary<string, Task>(StringComparer.Ordinal);
        try
        {
            await foreach (var message in reader.ReadAllAsync(stoppingToken))
            {
                queues.Taken(queue);
                if (groupTails.Count > 1_000)
                {
                    foreach (var done in groupTails.Where(x => x.Value.IsCompleted).Select(x => x.Key).ToList())
                    {
                        groupTails.Remove(done);
                    }
                }
                var previous = groupTails.GetValueOrDefault(message.GroupId) ?? Task.CompletedTask;
                // On the thread pool: a handler that completes without yielding would otherwise run on this loop's
                // thread, and the mods meant to run in parallel would run one after another.
                groupTails[message.GroupId] = Task.Run(() => HandleAfterAsync(previous, queue, message, slots, stoppingToken),
                    CancellationToken.None);
            }
        }
        catch (OperationCanceledException) when (stoppingToken.IsCancellationRequested)
        {
        }
        await Task.WhenAll(groupTails.Values);
    }

    private async Task HandleAfterAsync(Task previous, string queue, QueuedMessage message,
        SemaphoreSlim slots, CancellationToken stoppingToken)
    {
        var done = false;
        try
        {
            await previous;
            await slots.WaitAsync(stoppingToken);
            try
            {
                done = await HandleWithRetriesAsync(queue, message, stoppingToken);
            }
            finally
            {
                slots.Release();
            }
        }
        catch (OperationCanceledException) when (stoppingToken.IsCancellationRequested)
        {
        }
        finally
        {
            if (!done)
            {
                queues.Abandoned(message); // stopping: it stays stored and is delivered at the next start
            }
        }
    }

    /// <summary>True when the message was handled or dead-lettered (and is gone from the store).</summary>
    private async Task<bool> HandleWithRetriesAsync(string queue, QueuedMessage queued, CancellationToken stoppingToken)
    {
        var settings = options.Value;
        var message = queues.Load(queued);
        if (message is null)
        {
            queues.Completed(queued); // taken by someone else meanwhile
            return true;
        }
        for (var attempt = queued.Attempts + 1; ; attempt++)
        {
            try
            {
                var headers = new Dictionary<string, object> { ["ApproximateReceiveCount"] = attempt.ToString() };
                await dispatcher.HandleAsync(queue, message, headers, stoppingToken);
                queues.Completed(queued);
                return true;
            }
            catch (Exception e) when (!stoppingToken.IsCancellationRequested)
            {
                // A message in a broken wire format fails the same way every time: no point trying it again.
                if (attempt >= settings.MaxAttempts || e is Contracts.Wire.WireFormatException)
                {
                    logger.LogError(e, "Message on {Queue} failed {Attempts} times; dead-lettered", queue, attempt);
                    await dispatcher.RecordDeadLetterAsync(queue, message, e, attempt, stoppingToken);
                    queues.DeadLetter(queued, message, e);
                    return true;
                }
                queues.Failed(queued);
                logger.LogWarning(e, "Message on {Queue} failed (attempt {Attempt} of {Max}); retrying", queue, attempt, settings.MaxAttempts);
                await Task.Delay(settings.RetryDelay * attempt, stoppingToken);
            }
        }
    }
}
