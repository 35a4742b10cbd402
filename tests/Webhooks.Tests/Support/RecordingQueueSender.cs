using System.Collections.Concurrent;
using NetKAN.Bus.Contracts.Queues;
using NetKAN.Bus.Contracts.Wire;

namespace NetKAN.Bus.Webhooks.Tests.Support;

/// <summary>Keeps every wire message a route sends, exactly as it would go to SQS.</summary>
public sealed class RecordingQueueSender : IQueueSender
{
    private readonly ConcurrentQueue<(string Queue, WireMessage Message)> _sent = new();

    public IReadOnlyList<(string Queue, WireMessage Message)> Sent => _sent.ToList();

    public IReadOnlyList<WireMessage> On(string queue) => _sent.Where(x => x.Queue == queue).Select(x => x.Message).ToList();

    public Task SendAsync(string queue, IReadOnlyList<WireMessage> messages, CancellationToken cancellationToken)
    {
        foreach (var message in messages)
        {
            _sent.Enqueue((queue, message));
        }
        return Task.CompletedTask;
    }
}
