using System.Diagnostics;
using MassTransit;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using NetKAN.Bus.Contracts.Games;
using NetKAN.Bus.Contracts.Lifecycle;
using NetKAN.Bus.Contracts.Queues;
using NetKAN.Bus.Contracts.Wire;
using NetKAN.Bus.Sagas.Recording;
using NetKAN.Bus.Services.Aws;
using NetKAN.Bus.Services.Hosting;
using NetKAN.Bus.Services.Persistence.DynamoDb;
using NetKAN.Bus.Services.Roles;
using NetKAN.Bus.Services.Transport.Sqs;
using NetKAN.Bus.Services.Transport;

namespace NetKAN.Bus.Benchmarks.AwsEdge;

/// <summary>
/// Throughput of the production edges against the local stand-ins (not BenchmarkDotNet: each figure is one timed run
/// over many messages through real servers). Start the stand-ins and load their URLs first:
///   tools/emulators/start.sh &amp;&amp; source tools/emulators/.run/env
///   dotnet run -c Release --project bench/Benchmarks -- aws-edge [messages] [updates]
/// 1. SQS edge: send (batches of 10) → long-poll receive → QueueDispatcher → MassTransit consumer → delete, messages/s.
/// 2. Saga updates on DynamoDB: IModLifecycle.RecordAsync → saga → conditional PutItem, updates/s, one writer and eight.
/// </summary>
public static class AwsEdgeBenchmark
{
    public static async Task<int> RunAsync(string[] args)
    {
        var messages = args.Length > 0 ? int.Parse(args[0]) : 2000;
        var updates = args.Length > 1 ? int.Parse(args[1]) : 1000;
        var sqs = Require("NETKAN_TEST_SQS_URL");
        var dynamo = Require("NETKAN_TEST_DYNAMODB_URL");
        var kind = Environment.GetEnvironmentVariable("NETKAN_TEST_DYNAMODB_KIND") ?? "local";
        var id = Guid.NewGuid().ToString("N")[..8];
        var config = new Dictionary<string, string?>
        {
            ["Aws:Sqs:ServiceUrl"] = sqs,
            ["Aws:DynamoDb:ServiceUrl"] = dynamo,
            ["Aws:S3:ServiceUrl"] = sqs,
            ["Aws:AccessKeyId"] = "bench",
            ["Aws:SecretAccessKey"] = "bench",
            ["Queues:Mirroring"] = $"BenchMirroring-{id}.fifo",
            ["Queues:Inflation:ksp"] = $"BenchInbound-{id}.fifo",
            ["Queues:Inflation:ksp2"] = $"BenchInboundKsp2-{id}.fifo",
            ["Queues:Outbound"] = $"BenchOutbound-{id}.fifo",
            ["Queues:Adding"] = $"BenchAdding-{id}.fifo",
            ["Sqs:WaitTimeSeconds"] = "1",
            ["Sqs:CreateQueues"] = "true",
            ["DynamoDb:TableName"] = $"BenchStatus-{id}",
            ["DynamoDb:SchedulerRunTableName"] = $"BenchRuns-{id}",
            ["DynamoDb:CreateTable"] = "true",
            ["Serilog:MinimumLevel:Default"] = "Warning",
        };
        Console.WriteLine($"stand-ins: SQS+S3 fauxqs {sqs}, DynamoDB ({kind}) {dynamo}; {Environment.ProcessorCount} cores");

        var counter = new HandledCounter();
        using var host = NetkanHost.Build(
            new HostSettings { Transport = "sqs", Store = "dynamodb", DataDir = Path.Combine(Path.GetTempPath(), $"netkan-bench-{id}") },
            [], c => c.AddInMemoryCollection(config), extraRoles: [new CountingMirrorRole(counter)]);
        await host.StartAsync();
        try
        {
            await SqsEdgeAsync(host.Services, counter, messages);
            await SagaUpdatesAsync(host.Services, updates, writers: 1);
            await SagaUpdatesAsync(host.Services, updates, writers: 8);
        }
        finally
        {
            await host.StopAsync();
            await CleanUpAsync(host.Services, config);
        }
        return 0;
    }

    private static async Task SqsEdgeAsync(IServiceProvider services, HandledCounter counter, int count)
    {
        var sender = services.GetRequiredService<ContractSender>();
        // 100 mods, so receives are not limited by FIFO groups (fauxqs hands out one message per group per receive).
        var requests = Enumerable.Range(0, count)
            .Select(i => new MirrorMod(GameId.Ksp, $"BenchMod{i % 100}/BenchMod{i % 100}-{i}.ckan"))
            .ToList();
        var clock = Stopwatch.StartNew();
        await Task.WhenAll(requests.Chunk(ContractSender.BatchSize * 10).Select(chunk => sender.SendManyAsync(chunk, default)));
        var sent = clock.Elapsed;
        await counter.WaitForAsync(count, TimeSpan.FromMinutes(10));
        var total = clock.Elapsed;
        Console.WriteLine($"SQS edge: {count} messages sent in {sent.TotalSeconds:F2} s; sent+received+dispatched+deleted in " +
            $"{total.TotalSeconds:F2} s = {count / total.TotalSeconds:F0} messages/s");
    }

    private static async Task SagaUpdatesAsync(IServiceProvider services, int count, int writers)
    {
        var lifecycle = services.GetRequiredService<IModLifecycle>();
        var start = new DateTimeOffset(2026, 8, 1, 0, 0, 0, TimeSpan.Zero);
        var perWriter = count / writers;
        var clock = Stopwatch.StartNew();
        await Task.WhenAll(Enumerable.Range(0, writers).Select(async w =>
        {
            // Each writer updates its own 10 mods in turn: first an insert, then updates.
            for (var i = 0; i < perWriter; i++)
            {
                await lifecycle.RecordAsync(new DownloadsCounted(GameId.Ksp, $"Saga{w}-{i % 10}", start.AddSeconds(i), i), default);
            }
        }));
        var elapsed = clock.Elapsed;
        Console.WriteLine($"Saga updates on DynamoDB, {writers} writer(s): {perWriter * writers} in {elapsed.TotalSeconds:F2} s = " +
            $"{perWriter * writers / elapsed.TotalSeconds:F0} updates/s");
    }

    private static async Task CleanUpAsync(IServiceProvider services, Dictionary<string, string?> config)
    {
        var sqs = services.GetRequiredService<Amazon.SQS.IAmazonSQS>();
        var urls = services.GetRequiredService<SqsQueueUrls>();
        foreach (var queue in SqsQueueProvisioner.All(services.GetRequiredService<QueueNames>()))
        {
            await sqs.DeleteQueueAsync(await urls.GetAsync(queue, default));
            await sqs.DeleteQueueAsync((await sqs.GetQueueUrlAsync(SqsQueueProvisioner.DeadLetterQueueName(queue))).QueueUrl);
        }
        var dynamo = services.GetRequiredService<Amazon.DynamoDBv2.IAmazonDynamoDB>();
        await dynamo.DeleteTableAsync(config["DynamoDb:TableName"]);
        await dynamo.DeleteTableAsync(config["DynamoDb:SchedulerRunTableName"]);
    }

    private static string Require(string name) =>
        Environment.GetEnvironmentVariable(name) is { Length: > 0 } value
            ? value
            : throw new InvalidOperationException($"{name} is not set: run tools/emulators/start.sh and source tools/emulators/.run/env first.");
}

public sealed class HandledCounter
{
    private int _count;
    private readonly SemaphoreSlim _changed = new(0);

    public void Increment()
    {
        Interlocked.Increment(ref _count);
        _changed.Release();
    }

    public async Task WaitForAsync(int target, TimeSpan timeout)
    {
        using var cancel = new CancellationTokenSource(timeout);
        while (Volatile.Read(ref _count) < target)
        {
            await _changed.WaitAsync(cancel.Token);
        }
    }
}

/// <summary>Does nothing but count: the cost measured is the edge's, not a stage's.</summary>
public sealed class CountingMirrorConsumer(HandledCounter counter) : IConsumer<MirrorMod>
{
    public Task Consume(ConsumeContext<MirrorMod> context)
    {
        counter.Increment();
        return Task.CompletedTask;
    }
}

public sealed class CountingMirrorRole(HandledCounter counter) : INetkanRole
{
    public string Name => "bench-mirror";

    public string Description => "counts mirror requests";

    public void AddServices(IServiceCollection services, IConfiguration configuration, HostSettings settings) =>
        services.AddSingleton(counter);

    public void AddConsumers(IBusRegistrationConfigurator bus) => bus.AddConsumer<CountingMirrorConsumer>();

    public IEnumerable<QueueBinding> Bindings(QueueNames queues) =>
        [QueueBinding.For<MirrorMod, CountingMirrorConsumer>(queues.Mirroring, GameId.Ksp,
            (e, g, t) => new MirrorFailed(g, e.Identifier!, t, e.Message))];
}
