using System.Collections.Concurrent;
using Amazon.SQS;
using NetKAN.Bus.Contracts.Wire;
using Amazon.SQS.Model;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;

namespace NetKAN.Bus.Services.Transport.Sqs;

/// <summary>
/// Consumes one SQS queue: long-polls batches of up to 10, hands each message to the <see cref="QueueDispatcher"/>
/// and deletes it only after that returned. FIFO order is kept: one group's messages are handled one after another,
/// and the first failure in a group leaves the rest of that group for a later receive (SQS redelivers them in order
/// after their visibility timeout); different groups run in parallel. While messages are held, their visibility is
/// extended at ~70 % of the timeout, so long handlers do not lose them. Receive errors back off exponentially.
/// On shutdown it stops receiving and lets in-flight messages finish; when the host gives up waiting, they are
/// abandoned undeleted and return to the queue after their visibility timeout.
/// </summary>
public sealed class SqsReceiveLoop(
    string queue,
    TimeSpan visibility,
    IAmazonSQS sqs,
    SqsQueueUrls urls,
    QueueDispatcher dispatcher,
    SqsOptions options,
    IHostApplicationLifetime lifetime,
    TimeProvider time,
    ILogger<SqsReceiveLoop> logger) : BackgroundService
{
    private const int MaxBatch = 10;

    private readonly SemaphoreSlim _slots = new(Math.Max(1, options.MaxInFlight));
    private readonly CancellationTokenSource _abandon = new();

    public override async Task StopAsync(CancellationToken cancellationToken)
    {
        // The host's shutdown timeout: past it, in-flight handlers are cancelled and their messages left undeleted.
        await using var giveUp = cancellationToken.Register(() => _abandon.Cancel());
        await base.StopAsync(cancellationToken);
    }

    public override void Dispose()
    {
        base.Dispose();
        _abandon.Dispose();
        _slots.Dispose();
    }

    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        try
        {
            await WaitForHostStartedAsync(stoppingToken);
            var url = await WithBackoffAsync(ct => urls.GetAsync(queue, ct), stoppingToken);
            logger.LogInformation("Receiving from SQS queue {Queue} (visibility {Visibility}s, long poll {Wait}s)",
                queue, visibility.TotalSeconds, options.WaitTimeSeconds);
            await ReceiveUntilStoppedAsync(url, stoppingToken);
        }
        catch (OperationCanceledException) when (stoppingToken.IsCancellationRequested)
        {
        }
    }

    /// <summary>Receives only once every hosted service (the MassTransit bus among them) has started.</summary>
    private async Task WaitForHostStartedAsync(CancellationToken stoppingToken)
    {
        var started = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        await using var registration = lifetime.ApplicationStarted.Register(() => started.TrySetResult());
        await started.Task.WaitAsync(stoppingToken);
    }

    private async Task ReceiveUntilStoppedAsync(string url, CancellationToken stoppingToken)
    {
        var batches = new List<Task>();
        try
        {
            while (!stoppingToken.IsCancellationRequested)
            {
                batches.RemoveAll(x => x.IsCompleted);
                var slots = await TakeSlotsAsync(stoppingToken);
                List<Message> messages;
                try
                {
                    messages = await WithBackoffAsync(ct => ReceiveAsync(url, slots, ct), stoppingToken);
                }
                catch
                {
                    _slots.Release(slots);
                    throw;
                }
                if (messages.Count < slots)
                {
                    _slots.Release(slots - messages.Count);
                }
                if (messages.Count > 0)
                {
                    batches.Add(Task.Run(() => HandleBatchAsync(url, messages), CancellationToken.None));
                }
            }
        }
        finally
        {
            // Graceful shutdown: what was received is finished (or abandoned when the host stops waiting).
            await Task.WhenAll(batches);
        }
    }

    private async Task<List<Message>> ReceiveAsync(string url, int max, CancellationToken cancellationToken)
    {
        var response = await sqs.ReceiveMessageAsync(new ReceiveMessageRequest
        {
            QueueUrl = url,
            MaxNumberOfMessages = max,
            WaitTimeSeconds = options.WaitTimeSeconds,
            VisibilityTimeout = (int)visibility.TotalSeconds,
            MessageAttributeNames = ["All"],
            MessageSystemAttributeNames = ["All"],
        }, cancellationToken);
        return response.Messages ?? [];
    }

    /// <summary>Waits for one free slot, then takes up to a full batch of whatever else is free.</summary>
    private async Task<int> TakeSlotsAsync(CancellationToken cancellationToken)
    {
        await _slots.WaitAsync(cancellationToken);
        var slots = 1;
        while (slots < MaxBatch && _slots.Wait(0))
        {
            slots++;
        }
        return slots;
    }

    private async Task HandleBatchAsync(string url, List<Message> messages)
    {
        var held = new ConcurrentDictionary<string, string>(
            messages.Select(x => KeyValuePair.Create(x.MessageId, x.ReceiptHandle)), StringComparer.Ordinal);
        using var heartbeatStop = new CancellationTokenSource();
        var heartbeat = HeartbeatAsync(url, held, heartbeatStop.Token);
        try
        {
            // Messages without a group (standard queues) each form their own group. Each group goes to the thread
            // pool: handling often completes without yielding (a result already in CKAN-meta), and called in turn the
            // groups would then run one after another on this thread.
            var groups = messages.GroupBy(x => x.Attributes?.GetValueOrDefault("MessageGroupId") ?? x.MessageId);
            await Task.WhenAll(groups.Select(group =>
            {
                var batch = group.ToList();
                return Task.Run(() => HandleGroupAsync(url, batch, held));
            }));
        }
        finally
        {
            await heartbeatStop.CancelAsync();
            await heartbeat;
        }
    }

    private async Task HandleGroupAsync(string url, List<Message> group, ConcurrentDictionary<string, string> held)
    {
        for (var i = 0; i < group.Count; i++)
        {
            var handled = await HandleOneAsync(url, group[i]);
            Release(group[i], held);
            if (!handled)
            {
                foreach (var rest in group.Skip(i + 1))
                {
                    logger.LogInformation("Left {MessageId} on {Queue} for a later receive: an earlier message of group {Group} failed",
                        rest.MessageId, queue, rest.Attributes?.GetValueOrDefault("MessageGroupId"));
                    Release(rest, held);
                }
                return;
            }
        }
    }

    private void Release(Message message, ConcurrentDictionary<string, string> held)
    {
        held.TryRemove(message.MessageId, out _);
        _slots.Release();
    }

    private async Task<bool> HandleOneAsync(string url, Message message)
    {
        var receiveCount = message.Attributes?.GetValueOrDefault("ApproximateReceiveCount") ?? "?";
        try
        {
            await dispatcher.HandleAsync(queue, SqsWire.FromSqs(message), SqsWire.TransportHeaders(message), _abandon.Token);
        }
        catch (Exception) when (_abandon.IsCancellationRequested)
        {
            logger.LogWarning("Abandoned {MessageId} on {Queue} at shutdown; it returns after its visibility timeout",
                message.MessageId, queue);
            return false;
        }
        catch (Exception e)
        {
            logger.LogWarning(e, "Message {MessageId} on {Queue} failed (receive {ReceiveCount}); it returns after its visibility timeout",
                message.MessageId, queue, receiveCount);
            if (int.TryParse(receiveCount, out var received) && received >= options.MaxReceiveCount && e is not WireFormatException)
            {
                // SQS moves it to the dead-letter queue instead of delivering it again: its mod's row says why.
                await dispatcher.RecordDeadLetterAsync(queue, SqsWire.FromSqs(message), e, received, CancellationToken.None);
            }
            return false;
        }

        try
        {
            // Not cancellable: the outcome is recorded, so the message must go even while shutting down.
            await sqs.DeleteMessageAsync(new DeleteMessageRequest { QueueUrl = url, ReceiptHandle = message.ReceiptHandle },
                CancellationToken.None);
            return true;
        }
        catch (Exception e)
        {
            logger.LogError(e, "Handled {MessageId} on {Queue} but could not delete it; it will be handled again", message.MessageId, queue);
            return false;
        }
    }

    /// <summary>Keeps every held (received, not yet finished) message of a batch invisible while it waits or runs.</summary>
    private async Task HeartbeatAsync(string url, ConcurrentDictionary<string, string> held, CancellationToken stop)
    {
        var interval = visibility * Math.Clamp(options.HeartbeatFraction, 0.1, 0.9);
        try
        {
            while (true)
            {
                await Task.Delay(interval, time, stop);
                var entries = held.ToArray();
                if (entries.Length == 0)
                {
                    return;
                }
                try
                {
                    var response = await sqs.ChangeMessageVisibilityBatchAsync(new ChangeMessageVisibilityBatchRequest
                    {
                        QueueUrl = url,
                        Entries = entries.Select((x, i) => new ChangeMessageVisibilityBatchRequestEntry
                        {
                            Id = i.ToString(System.Globalization.CultureInfo.InvariantCulture),
                            ReceiptHandle = x.Value,
                            VisibilityTimeout = (int)visibility.TotalSeconds,
                        }).ToList(),
                    }, stop);
                    foreach (var failed in response.Failed ?? [])
                    {
                        logger.LogWarning("Could not extend visibility on {Queue}: {Code} {Problem}", queue, failed.Code, failed.Message);
                    }
                }
                catch (Exception e) when (e is not OperationCanceledException)
                {
                    logger.LogWarning(e, "Could not extend visibility of {Count} message(s) on {Queue}", entries.Length, queue);
                }
            }
        }
        catch (OperationCanceledException) when (stop.IsCancellationRequested)
        {
        }
    }

    /// <summary>Retries a failing SQS call with a pause doubling from 1 s up to the configured maximum.</summary>
    private async Task<T> WithBackoffAsync<T>(Func<CancellationToken, Task<T>> call, CancellationToken stoppingToken)
    {
        var pause = TimeSpan.FromSeconds(1);
        var max = TimeSpan.FromSeconds(Math.Max(1, options.MaxReceiveBackoffSeconds));
        while (true)
        {
            try
            {
                return await call(stoppingToken);
            }
            catch (Exception e) when (!stoppingToken.IsCancellationRequested)
            {
                logger.LogWarning(e, "SQS call for {Queue} failed; retrying in {Pause}s", queue, pause.TotalSeconds);
                await Task.Delay(pause, time, stoppingToken);
                pause = TimeSpan.FromTicks(Math.Min(pause.Ticks * 2, max.Ticks));
            }
        }
    }
}
