using NetKAN.Bus.Contracts.Queues;
using System.Collections.Concurrent;
using System.Threading.Channels;
using NetKAN.Bus.Contracts.Wire;

namespace NetKAN.Bus.Services.Transport.InMemory;

/// <summary>
/// Queues inside one process (the embedded default and tests): one channel per queue, carrying the same
/// wire messages SQS would. Tracks messages not yet finished, so a caller can wait until everything settled.
/// </summary>
public sealed class InMemoryQueues : IQueueSender, IQueueDepth
{
    private readonly ConcurrentDictionary<string, Channel<WireMessage>> _queues = new(StringComparer.Ordinal);
    private readonly ConcurrentDictionary<string, int> _depths = new(StringComparer.Ordinal);
    private readonly ConcurrentQueue<DeadLetter> _deadLetters = new();
    private int _unfinished;
    private TaskCompletionSource _idle = NewIdleSignal(completed: true);
    private readonly Lock _idleLock = new();

    public IReadOnlyCollection<DeadLetter> DeadLetters => _deadLetters;

    public Task SendAsync(string queue, IReadOnlyList<WireMessage> messages, CancellationToken cancellationToken)
    {
        var channel = Channel(queue);
        foreach (var message in messages)
        {
            MarkBusy();
            _depths.AddOrUpdate(queue, 1, (_, n) => n + 1);
            if (!channel.Writer.TryWrite(message))
            {
                throw new InvalidOperationException($"In-memory queue {queue} is closed.");
            }
        }
        return Task.CompletedTask;
    }

    public Task<int?> GetDepthAsync(string queue, CancellationToken cancellationToken) =>
        Task.FromResult<int?>(_depths.TryGetValue(queue, out var n) ? n : 0);

    public ChannelReader<WireMessage> Reader(string queue) => Channel(queue).Reader;

    /// <summary>Called by the worker when it takes a message off the queue.</summary>
    public void Taken(string queue) => _depths.AddOrUpdate(queue, 0, (_, n) => Math.Max(0, n - 1));

    /// <summary>Called by the worker when a message is handled or dead-lettered.</summary>
    public void Finished()
    {
        lock (_idleLock)
        {
            if (--_unfinished == 0)
            {
                _idle.TrySetResult();
            }
        }
    }

    public void DeadLetter(string queue, WireMessage message, Exception error) =>
        _deadLetters.Enqueue(new DeadLetter(queue, message, error.Message));

    /// <summary>Completes when no message is queued or being handled.</summary>
    public Task WaitForIdleAsync(CancellationToken cancellationToken)
    {
        lock (_idleLock)
        {
            return _idle.Task.WaitAsync(cancellationToken);
        }
    }

    private void MarkBusy()
    {
        lock (_idleLock)
        {
            if (_unfinished++ == 0)
            {
                _idle = NewIdleSignal(completed: false);
            }
        }
    }

    private Channel<WireMessage> Channel(string queue) =>
        _queues.GetOrAdd(queue, _ => System.Threading.Channels.Channel.CreateUnbounded<WireMessage>(
            new UnboundedChannelOptions { SingleReader = true }));

    private static TaskCompletionSource NewIdleSignal(bool completed)
    {
        var signal = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        if (completed)
        {
            signal.SetResult();
        }
        return signal;
    }
}

/// <summary>A message that failed every attempt.</summary>
public sealed record DeadLetter(string Queue, WireMessage Message, string Error);
