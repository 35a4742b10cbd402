using Amazon.DynamoDBv2;
using Amazon.DynamoDBv2.Model;
using Amazon.S3;
using Amazon.S3.Model;
using Amazon.SQS.Model;
using Amazon.SQS;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Options;
using NetKAN.Bus.Contracts.Queues;
using NetKAN.Bus.Services.Hosting;
using NetKAN.Bus.Services.Persistence.DynamoDb;
using NetKAN.Bus.Services.Roles;
using NetKAN.Bus.Services.Transport.Sqs;
using NetKAN.Bus.TestSupport;

namespace NetKAN.Bus.Integration.Tests.Aws;

/// <summary>
/// One test's own queues (FIFO + dead-letter), status tables and bucket on the shared stand-ins, named with a fresh
/// suffix so tests never see each other's data; and the <c>netkan</c> hosts the test starts, each built with
/// <see cref="NetkanHost.Build"/> (its own bus, roles and transport), stopped and cleaned up at the end.
/// </summary>
public sealed class AwsTestBed : IAsyncDisposable
{
    private readonly List<IHost> _hosts = [];
    private readonly List<string> _queueUrls = [];
    private readonly TempDir _data = new("netkan-aws");
    private bool _tablesCreated;
    private bool _bucketCreated;

    public AwsTestBed(int maxReceiveCount = 3, int visibilitySeconds = 3)
    {
        MaxReceiveCount = maxReceiveCount;
        VisibilitySeconds = visibilitySeconds;
        var id = Guid.NewGuid().ToString("N")[..10];
        Queues = new QueueNames
        {
            Inflation = new(StringComparer.OrdinalIgnoreCase) { ["ksp"] = $"Inbound-{id}.fifo", ["ksp2"] = $"InboundKsp2-{id}.fifo" },
            Outbound = $"Outbound-{id}.fifo",
            Mirroring = $"Mirroring-{id}.fifo",
            Adding = $"Adding-{id}.fifo",
        };
        StatusTable = $"Status-{id}";
        RunTable = $"Runs-{id}";
        Bucket = $"status-{id}";
    }

    public IAmazonSQS Sqs { get; } = StandIns.Sqs();

    public IAmazonDynamoDB DynamoDb { get; } = StandIns.DynamoDb();

    public IAmazonS3 S3 { get; } = StandIns.S3();

    public QueueNames Queues { get; }

    public string StatusTable { get; }

    public string RunTable { get; }

    public string Bucket { get; }

    public int MaxReceiveCount { get; }

    public int VisibilitySeconds { get; }

    public string DataDir => _data.Path;

    public Dictionary<string, string?> Configuration()
    {
        var config = StandIns.Configuration();
        config["Queues:Inflation:ksp"] = Queues.Inflation["ksp"];
        config["Queues:Inflation:ksp2"] = Queues.Inflation["ksp2"];
        config["Queues:Outbound"] = Queues.Outbound;
        config["Queues:Mirroring"] = Queues.Mirroring;
        config["Queues:Adding"] = Queues.Adding;
        config["Sqs:WaitTimeSeconds"] = "1";
        config["Sqs:VisibilityTimeoutSeconds"] = VisibilitySeconds.ToString();
        config["Sqs:InflationVisibilityTimeoutSeconds"] = VisibilitySeconds.ToString();
        config["DynamoDb:TableName"] = StatusTable;
        config["DynamoDb:SchedulerRunTableName"] = RunTable;
        config["StatusDumper:Bucket"] = Bucket;
        config["Serilog:MinimumLevel:Default"] = "Warning";
        return config;
    }

    /// <summary>Creates every queue of <see cref="Queues"/> with its dead-letter queue, the status tables and the bucket.</summary>
    public async Task CreateAllAsync()
    {
        var provisioner = new SqsQueueProvisioner(Sqs);
        foreach (var queue in SqsQueueProvisioner.All(Queues))
        {
            var (url, deadLetterUrl) = await provisioner.CreateAsync(queue, MaxReceiveCount, default);
            _queueUrls.Add(url);
            _queueUrls.Add(deadLetterUrl);
        }
        await CreateTablesAsync();
        await S3.PutBucketAsync(new PutBucketRequest { BucketName = Bucket });
        _bucketCreated = true;
    }

    public async Task CreateTablesAsync()
    {
        await Tables().CreateAsync(default);
        _tablesCreated = true;
    }

    public DynamoDbTables Tables() => new(DynamoDb, Options.Create(DynamoDbOptions()));

    public DynamoDbOptions DynamoDbOptions() => new() { TableName = StatusTable, SchedulerRunTableName = RunTable };

    public async Task<string> UrlAsync(string queue) => (await Sqs.GetQueueUrlAsync(queue)).QueueUrl;

    /// <summary>Builds and starts a host like <c>netkan run --roles … --transport sqs --store dynamodb</c>.</summary>
    public async Task<IHost> StartHostAsync(IReadOnlyList<string> roles, IEnumerable<INetkanRole>? testRoles = null,
        IDictionary<string, string?>? overrides = null)
    {
        var host = BuildHost(roles, testRoles, overrides);
        _hosts.Add(host);
        await host.StartAsync(Timeout(30));
        return host;
    }

    public IHost BuildHost(IReadOnlyList<string> roles, IEnumerable<INetkanRole>? testRoles = null,
        IDictionary<string, string?>? overrides = null, string transport = "sqs", string store = "dynamodb")
    {
        var config = Configuration();
        foreach (var (key, value) in overrides ?? new Dictionary<string, string?>())
        {
            config[key] = value;
        }
        // Direct, not through TestHostBuilder: callers get an unstarted IHost to start, stop and share themselves, and
        // the bed stops the ones it started (see README "Tests"); moving them is left for a change that runs these tests.
        return NetkanHost.Build(
            new HostSettings { Roles = roles, Transport = transport, Store = store, DataDir = _data.Path },
            [],
            builder => builder.AddInMemoryCollection(config),
            extraRoles: testRoles);
    }

    /// <summary>Everything received from a queue right now (visible messages), deleting nothing.</summary>
    public async Task<List<Message>> PeekAsync(string queue, int waitSeconds = 1)
    {
        var response = await Sqs.ReceiveMessageAsync(new ReceiveMessageRequest
        {
            QueueUrl = await UrlAsync(queue),
            MaxNumberOfMessages = 10,
            WaitTimeSeconds = waitSeconds,
            VisibilityTimeout = 30,
            MessageAttributeNames = ["All"],
            MessageSystemAttributeNames = ["All"],
        });
        return response.Messages ?? [];
    }

    /// <summary>Visible and in-flight messages of every queue and dead-letter queue, for failure messages.</summary>
    public async Task<string> DescribeQueuesAsync()
    {
        var lines = new List<string>();
        foreach (var queue in SqsQueueProvisioner.All(Queues).SelectMany(x => new[] { x, SqsQueueProvisioner.DeadLetterQueueName(x) }))
        {
            var attributes = await Sqs.GetQueueAttributesAsync(new GetQueueAttributesRequest
            {
                QueueUrl = await UrlAsync(queue),
                AttributeNames = ["ApproximateNumberOfMessages", "ApproximateNumberOfMessagesNotVisible"],
            });
            lines.Add($"{queue}: {attributes.ApproximateNumberOfMessages} visible, {attributes.ApproximateNumberOfMessagesNotVisible} in flight");
        }
        return string.Join("\n", lines);
    }

    public async Task<int> DepthAsync(string queue)
    {
        var attributes = await Sqs.GetQueueAttributesAsync(new GetQueueAttributesRequest
        {
            QueueUrl = await UrlAsync(queue),
            AttributeNames = ["ApproximateNumberOfMessages", "ApproximateNumberOfMessagesNotVisible"],
        });
        return attributes.ApproximateNumberOfMessages + attributes.ApproximateNumberOfMessagesNotVisible;
    }

    public static CancellationToken Timeout(int seconds) => new CancellationTokenSource(TimeSpan.FromSeconds(seconds)).Token;

    /// <summary>Polls until the condition holds, failing with the description after the timeout.</summary>
    public static async Task EventuallyAsync(Func<Task<bool>> condition, string description, int seconds = 30,
        Func<Task<string>>? whatWasSeen = null)
    {
        var deadline = DateTime.UtcNow.AddSeconds(seconds);
        while (!await condition())
        {
            if (DateTime.UtcNow > deadline)
            {
                var seen = whatWasSeen is null ? "" : $"\n{await whatWasSeen()}";
                Assert.Fail($"Timed out after {seconds}s waiting for: {description}{seen}");
            }
            await Task.Delay(100);
        }
    }

    public async ValueTask DisposeAsync()
    {
        foreach (var host in _hosts)
        {
            try
            {
                await host.StopAsync(Timeout(15));
            }
            catch (OperationCanceledException)
            {
            }
            host.Dispose();
        }
        foreach (var url in _queueUrls)
        {
            await Ignore(() => Sqs.DeleteQueueAsync(url));
        }
        if (_tablesCreated)
        {
            await Ignore(() => DynamoDb.DeleteTableAsync(new DeleteTableRequest { TableName = StatusTable }));
            await Ignore(() => DynamoDb.DeleteTableAsync(new DeleteTableRequest { TableName = RunTable }));
        }
        if (_bucketCreated)
        {
            var objects = await S3.ListObjectsV2Async(new ListObjectsV2Request { BucketName = Bucket });
            foreach (var item in objects.S3Objects ?? [])
            {
                await Ignore(() => S3.DeleteObjectAsync(Bucket, item.Key));
            }
            await Ignore(() => S3.DeleteBucketAsync(Bucket));
        }
        Sqs.Dispose();
        DynamoDb.Dispose();
        S3.Dispose();
        _data.Dispose();
    }

    private static async Task Ignore(Func<Task> cleanup)
    {
        try
        {
            await cleanup();
        }
        catch (Exception)
        {
            // Cleanup of throw-away resources on an in-memory stand-in; nothing to do about a failure.
        }
    }
}
