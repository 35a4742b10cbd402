using NetKAN.Bus.Contracts.Wire;

namespace NetKAN.Bus.Contracts.Queues;

/// <summary>Sends queue contracts in their documented wire form to the queue configured for them.</summary>
public sealed class ContractSender(IQueueSender sender, QueueNames queues)
{
    /// <summary>SQS takes at most 10 entries per batch; we keep the same size everywhere.</summary>
    public const int BatchSize = 10;

    public Task SendAsync<T>(T message, CancellationToken cancellationToken)
        where T : class, IWireContract<T> =>
        sender.SendAsync(queues.For(message), [message.ToWire()], cancellationToken);

    /// <summary>Sends many messages of one queue in batches of <see cref="BatchSize"/>.</summary>
    public async Task SendManyAsync<T>(IEnumerable<T> messages, CancellationToken cancellationToken)
        where T : class, IWireContract<T>
    {
        foreach (var group in messages.GroupBy(queues.For))
        {
            foreach (var batch in group.Chunk(BatchSize))
            {
                await sender.SendAsync(group.Key, batch.Select(x => x.ToWire()).ToArray(), cancellationToken);
            }
        }
    }
}
