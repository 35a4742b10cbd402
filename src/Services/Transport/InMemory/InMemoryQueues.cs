using NetKAN.Bus.Contracts.Queues;
using System.Collections.Concurrent;
using System.Threading.Channels;
using Microsoft.Extensions.Options;
using NetKAN.Bus.Contracts.Wire;

namespace NetKAN.Bus.Services.Transport.InMemory;

/// <summary>
/// Queues inside one process (the embedded default and tests), carrying the same wire messages SQS would. Messages
/// are kept in a <see cref="SqliteQueueStore"/> (a file beside the status database with <c>--store sqlite</c>), so a
/// killed process loses none: at start every message still stored is queued again. Each queue holds at most
/// <see cref="InMemoryTransportOptions.MaxQueued"/> messages; a send beyond that throws <see cref="QueueFullException"/>.
/// Only ids travel through memory, bodies stay in the store until handled, so memory stays flat under a flood.
/// Tracks unfinished messages of the queues this process consumes, so a caller can wait until everything settled.
/// </summary>
public sealed class InMemoryQueues : IQueueSender, IQueueDepth
{
    private readonly SqliteQueueStore _store;
    private readonly int _maxQueued;
    private readonly TimeProvider _time;
    private readonly HashSet<string> _consumed;
    private readonly ConcurrentDictionary<string, Channel<QueuedMessage>> _queues = new(StringComparer.Ordinal);
    private readonly ConcurrentDictionary<string, int> _depths = new(StringComparer.Ordinal);
    private readonly ConcurrentQueue<DeadLetter> _deadLetters = new();
    private int _unfinished;
    private TaskCompletionSource _idle = NewIdleSignal(completed: true);
    private readonly Lock _idleLock = new();

    public InMemoryQueues(SqliteQueueStore store, IOptions<InMemoryTransportOptions> options,
        IEnumerable<QueueBinding> bindings, TimeProvider time)
    {
        _store = store;
        _maxQueued = Math.Max(1, options.Value.MaxQueued);
        _time = time;
        _consumed = bindings.Select(x => x.Queue).ToHashSet(StringComparer.Ordinal);
        var pending = store.Pending();
        foreach (var message in pending)
        {
            Enqueued(message); // what a killed process left: delivered again
        }
        Recovered = pending.Count;
    }

    public IReadOnlyCollection<DeadLetter> DeadLetters => _deadLetters;

    /// <summary>Messages recovered from the store at start.</summary>
    public int Recovered { get; }

    public Task SendAsync(string queue, IReadOnlyList<WireMessage> messages, CancellationToken cancellationToken)
    {
        foreach (var message in _store.Enqueue(queue, messages, _maxQueued, _time.GetUtcNow()))
        {
            Enqueued(message);
        }
        return Task.CompletedTask;
    }

    public Task<int?> GetDepthAsync(string queue, CancellationToken cancellationToken) =>
        Task.FromResult<int?>(_depths.TryGetValue(queue, out var n) ? n : 0);

    public ChannelReader<QueuedMessage> Reader(string queue) => Channel(queue).Reader;

    /// <summary>The body of a queued message (null if it is gone).</summary>
    public WireMessage? Load(QueuedMessage message) => _store.Load(message.Id);

    /// <summary>Called by the worker when it takes a message off the queue.</summary>
    public void Taken(string queue) => _depths.AddOrUpdate(queue, 0, (_, n) => Math.Max(0, n - 1));

    /// <summary>Takes the next message of a queue nobody in this process consumes (tests, tools), or waits for one.</summary>
    public async Task<WireMessage> TakeAsync(string queue, CancellationToken cancellationToken)
    {
        while (true)
        {
            var next = await Reader(queue).ReadAsync(cancellationToken);
            if (TakeBody(next) is { } message)
            {
                return message;
            }
        }
    }

    /// <summary>Takes the next message of a queue if one is waiting.</summary>
    public bool TryTake(string queue, out WireMessage message)
    {
        while (Reader(queue).TryRead(out var next))
        {
            if (TakeBody(next) is { } body)
            {
                message = body;
                return true;
            }
        }
        message = null!;
        return false;
    }

    /// <summary>Called by the worker when a message was handled: it is deleted from the store.</summary>
    public void Completed(QueuedMessage message)
    {
        _store.Complete(message.Id);
        Finished(message.Queue);
    }

    /// <summary>Called by the worker after a failed attempt.</summary>
    public void Failed(QueuedMessage message) => _store.Failed(message.Id);

    public void DeadLetter(QueuedMessage queued, WireMessage message, Exception error)
    {
        _store.DeadLetter(queued.Id, error.Message, _time.GetUtcNow());
        _deadLetters.Enqueue(new DeadLetter(queued.Queue, message, error.Message));
        Finished(queued.Queue);
    }

    /// <summary>Called by the worker when it stops before handling a message (it stays stored for the next start).</summary>
    public void Abandoned(QueuedMessage message) => Finished(message.Queue);

    /// <summary>Completes when no message of a consumed queue is queued or being handled.</summary>
    public Task WaitForIdleAsync(CancellationToken cancellationToken)
    {
        lock (_idleLock)
        {
            return _idle.Task.WaitAsync(cancellationToken);
        }
    }

    private WireMessage? TakeBody(QueuedMessage next)
    {
        Taken(next.Queue);
        var message = _store.Load(next.Id);
        _store.Complete(next.Id);
        Finished(next.Queue);
        return message;
    }

    private void Enqueued(QueuedMessage message)
    {
        if (_consumed.Contains(message.Queue))
        {
            lock (_idleLock)
            {
                if (_unfinished++ == 0)
                {
                    _idle = NewIdleSignal(completed: false);
                }
            }
        }
        _depths.AddOrUpdate(message.Queue, 1, (_, n) => n + 1);
        if (!Channel(message.Queue).Writer.TryWrite(message))
        {
            throw new InvalidOperationException($"In-memory queue {message.Queue} is closed.");
        }
    }

    private void Finished(string queue)
    {
        if (!_consumed.Contains(queue))
        {
            return;
        }
        lock (_idleLock)
        {
            if (--_unfinished == 0)
            {
                _idle.TrySetResult();
            }
        }
    }

    private Channel<QueuedMessage> Channel(string queue) =>
        _queues.GetOrAdd(queue, _ => System.Threading.Channels.Channel.CreateUnbounded<QueuedMessage>(
            new UnboundedChannelOptions { SingleReader = false }));

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
