using NetKAN.Bus.Contracts.Queues;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using NetKAN.Bus.Services.Transport;
using NetKAN.Bus.Services.Transport.InMemory;

namespace NetKAN.Bus.Services.Hosting;

/// <summary>Chooses how queue messages travel: <c>--transport inmemory|sqs</c>.</summary>
public static class Transports
{
    public static void Add(IServiceCollection services, IConfiguration configuration, HostSettings settings)
    {
        switch (settings.Transport.ToLowerInvariant())
        {
            case "inmemory":
                services.Configure<InMemoryTransportOptions>(configuration.GetSection(InMemoryTransportOptions.Section));
                services.AddSingleton<InMemoryQueues>();
                services.AddSingleton<IQueueSender>(sp => sp.GetRequiredService<InMemoryQueues>());
                services.AddSingleton<IQueueDepth>(sp => sp.GetRequiredService<InMemoryQueues>());
                services.AddHostedService<InMemoryQueueWorker>();
                break;
            default:
                throw new ArgumentException($"Unknown transport '{settings.Transport}'. Use inmemory or sqs.");
        }
    }
}
