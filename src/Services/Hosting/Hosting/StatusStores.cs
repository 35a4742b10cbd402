using Amazon.DynamoDBv2;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection.Extensions;
using Microsoft.Extensions.DependencyInjection;
using NetKAN.Bus.Sagas.Health;
using NetKAN.Bus.Sagas.Persistence;
using NetKAN.Bus.Services.Aws;
using NetKAN.Bus.Services.Persistence.DynamoDb;
using NetKAN.Bus.Services.Roles;

namespace NetKAN.Bus.Services.Hosting;

/// <summary>Chooses where the status rows (saga instances) live: <c>--store sqlite|memory|dynamodb</c>.</summary>
public static class StatusStores
{
    public static void Add(IServiceCollection services, IConfiguration configuration, HostSettings settings)
    {
        switch (settings.Store.ToLowerInvariant())
        {
            case "sqlite":
                var path = configuration["Status:SqlitePath"] ?? Path.Combine(settings.DataDir, "status.db");
                services.AddSingleton<IModStateStore>(_ => new SqliteModStateStore(path));
                services.AddSingleton<ISchedulerRunLog>(_ => new SqliteSchedulerRunLog(path));
                break;
            case "memory":
                services.AddSingleton<IModStateStore, InMemoryModStateStore>();
                services.AddSingleton<ISchedulerRunLog, InMemorySchedulerRunLog>();
                break;
            case "dynamodb":
                services.Configure<DynamoDbOptions>(configuration.GetSection(DynamoDbOptions.Section));
                services.TryAddSingleton<IAmazonDynamoDB>(_ => AwsClients.DynamoDb(AwsSettings.From(configuration)));
                services.AddSingleton<IModStateStore, DynamoDbModStateStore>();
                services.AddSingleton<ISchedulerRunLog, DynamoDbSchedulerRunLog>();
                services.AddSingleton<DynamoDbTables>();
                if (configuration.GetValue<bool>($"{DynamoDbOptions.Section}:{nameof(DynamoDbOptions.CreateTable)}"))
                {
                    services.AddHostedService<DynamoDbTableSetup>();
                }
                break;
            default:
                throw new ArgumentException($"Unknown status store '{settings.Store}'. Use sqlite, memory or dynamodb.");
        }
    }
}
