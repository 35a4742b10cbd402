namespace NetKAN.Bus.Contracts.Queues;

/// <summary>
/// A bounded queue cannot take more messages right now (<c>Transport:InMemory:MaxQueued</c>). Nothing of the batch
/// was queued; the caller should try again later (webhooks answer 503 with Retry-After, the scheduler skips its pass).
/// </summary>
public sealed class QueueFullException(string queue, int limit)
    : Exception($"Queue {queue} is full ({limit} messages waiting); try again later")
{
    public string Queue { get; } = queue;

    public int Limit { get; } = limit;

    /// <summary>How long a caller should wait before trying again.</summary>
    public static readonly TimeSpan RetryAfter = TimeSpan.FromSeconds(30);
}
