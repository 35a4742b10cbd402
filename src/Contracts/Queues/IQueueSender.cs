using NetKAN.Bus.Contracts.Wire;

namespace NetKAN.Bus.Contracts.Queues;

/// <summary>Puts wire messages on a named queue: in-memory channels in one process, SQS between processes.</summary>
public interface IQueueSender
{
    Task SendAsync(string queue, IReadOnlyList<WireMessage> messages, CancellationToken cancellationToken);
}

/// <summary>How many messages wait on a queue (the scheduler skips a pass when the inflation queue is too full).</summary>
public interface IQueueDepth
{
    /// <summary>Messages waiting, or null when the transport cannot tell.</summary>
    Task<int?> GetDepthAsync(string queue, CancellationToken cancellationToken);
}
