using Amazon.SQS;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection.Extensions;
using Microsoft.Extensions.DependencyInjection;
using NetKAN.Bus.Contracts.Queues;
using NetKAN.Bus.Services.Aws;
using NetKAN.Bus.Services.Roles;
using NetKAN.Bus.Services.Transport.InMemory;
using NetKAN.Bus.Services.Transport.Sqs;
using NetKAN.Bus.Services.Transport;

namespace NetKAN.Bus.Services.Hosting;

/// <summary>Chooses how queue messages travel: <c>--transport inmemory|sqs</c>.</summary>
public static class Transports
{
    public static void Add(IServiceCollection services, IConfiguration configuration, HostSettings settings)
    {
        services.Configure<MessageHandlingOptions>(configuration.GetSection(MessageHandlingOptions.Section));
        switch (settings.Transport.ToLowerInvariant())
        {
            case "inmemory":
                services.Configure<InMemoryTransportOptions>(configuration.GetSection(InMemoryTransportOptions.Section));
                services.AddSingleton(_ => new SqliteQueueStore(QueueFile(configuration, settings)));
                services.AddSingleton<InMemoryQueues>();
                services.AddSingleton<IQueueSender>(sp => sp.GetRequiredService<InMemoryQueues>());
                services.AddSingleton<IQueueDepth>(sp => sp.GetRequiredService<InMemoryQueues>());
                services.AddHostedService<InMemoryQueueWorker>();
                break;
            case "sqs":
                services.Configure<SqsOptions>(configuration.GetSection(SqsOptions.Section));
                services.TryAddSingleton<IAmazonSQS>(_ => AwsClients.Sqs(AwsSettings.From(configuration)));
                services.AddSingleton<SqsQueueUrls>();
                services.AddSingleton<SqsQueueProvisioner>();
                services.AddSingleton<SqsQueueSender>();
                services.AddSingleton<IQueueSender>(sp => sp.GetRequiredService<SqsQueueSender>());
                services.AddSingleton<IQueueDepth>(sp => sp.GetRequiredService<SqsQueueSender>());
                if (configuration.GetValue<bool>($"{SqsOptions.Section}:{nameof(SqsOptions.CreateQueues)}"))
                {
                    services.AddHostedService<SqsQueueSetup>();
                }
                services.AddHostedService<SqsReceiveHost>();
                break;
            default:
                throw new ArgumentException($"Unknown transport '{settings.Transport}'. Use inmemory or sqs.");
        }
    }

    /// <summary>Where in-process queues keep their messages: <c>Transport:InMemory:Path</c>, else <c>queues.db</c> beside
    /// the SQLite status file; in memory when the status itself is not on disk (<c>--store memory</c>).</summary>
    private static string? QueueFile(IConfiguration configuration, HostSettings settings)
    {
        var configured = configuration[$"{InMemoryTransportOptions.Section}:{nameof(InMemoryTransportOptions.Path)}"];
        if (!string.IsNullOrEmpty(configured))
        {
            return configured;
        }
        if (!string.Equals(settings.Store, "sqlite", StringComparison.OrdinalIgnoreCase))
        {
            return null;
        }
        var status = configuration["Status:SqlitePath"] ?? Path.Combine(settings.DataDir, "status.db");
        return Path.Combine(Path.GetDirectoryName(Path.GetFullPath(status)) ?? settings.DataDir, "queues.db");
    }
}
