using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Options;
using NetKAN.Bus.Contracts.Queues;

namespace NetKAN.Bus.Services.Transport.Sqs;

/// <summary>Runs one <see cref="SqsReceiveLoop"/> per queue this process consumes (<see cref="QueueDispatcher.Queues"/>).</summary>
public sealed class SqsReceiveHost(IServiceProvider services, QueueDispatcher dispatcher, QueueNames queues,
    IOptions<SqsOptions> options) : IHostedService, IDisposable
{
    private readonly List<SqsReceiveLoop> _loops = [];

    public async Task StartAsync(CancellationToken cancellationToken)
    {
        foreach (var queue in dispatcher.Queues.Order(StringComparer.Ordinal))
        {
            var loop = ActivatorUtilities.CreateInstance<SqsReceiveLoop>(services, queue,
                options.Value.VisibilityTimeoutFor(queue, queues), options.Value);
            _loops.Add(loop);
            await loop.StartAsync(cancellationToken);
        }
    }

    public Task StopAsync(CancellationToken cancellationToken) =>
        Task.WhenAll(_loops.Select(x => x.StopAsync(cancellationToken)));

    public void Dispose()
    {
        foreach (var loop in _loops)
        {
            loop.Dispose();
        }
    }
}
