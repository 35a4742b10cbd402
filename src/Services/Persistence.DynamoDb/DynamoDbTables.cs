using Amazon.DynamoDBv2;
using Amazon.DynamoDBv2.Model;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;

namespace NetKAN.Bus.Services.Persistence.DynamoDb;

/// <summary>
/// Creates the status table and the scheduler-run table as deploy/cloudformation.yml declares them
/// (PAY_PER_REQUEST; status: ModIdentifier/game_id keys plus the keys-only correlation_id index), for the stand-ins
/// and development (<c>netkan dynamodb create-table</c>, or <c>DynamoDb:CreateTable=true</c>). Existing tables are left alone.
/// </summary>
public sealed class DynamoDbTables(IAmazonDynamoDB dynamo, IOptions<DynamoDbOptions> options)
{
    /// <summary>Creates what is missing and waits until both tables are ACTIVE; returns the names of tables it created.</summary>
    public async Task<IReadOnlyList<string>> CreateAsync(CancellationToken cancellationToken)
    {
        var settings = options.Value;
        var created = new List<string>();
        if (await CreateIfMissingAsync(StatusTable(settings), cancellationToken))
        {
            created.Add(settings.TableName);
        }
        if (await CreateIfMissingAsync(SchedulerRunTable(settings), cancellationToken))
        {
            created.Add(settings.SchedulerRunTableName);
        }
        await WaitUntilActiveAsync(settings.TableName, cancellationToken);
        await WaitUntilActiveAsync(settings.SchedulerRunTableName, cancellationToken);
        return created;
    }

    private static CreateTableRequest StatusTable(DynamoDbOptions settings) => new()
    {
        TableName = settings.TableName,
        BillingMode = BillingMode.PAY_PER_REQUEST,
        AttributeDefinitions =
        [
            new AttributeDefinition(ModStateItem.HashKey, ScalarAttributeType.S),
            new AttributeDefinition(ModStateItem.RangeKey, ScalarAttributeType.S),
            new AttributeDefinition(ModStateItem.CorrelationId, ScalarAttributeType.S),
        ],
        KeySchema =
        [
            new KeySchemaElement(ModStateItem.HashKey, KeyType.HASH),
            new KeySchemaElement(ModStateItem.RangeKey, KeyType.RANGE),
        ],
        GlobalSecondaryIndexes =
        [
            new GlobalSecondaryIndex
            {
                IndexName = settings.CorrelationIndexName,
                KeySchema = [new KeySchemaElement(ModStateItem.CorrelationId, KeyType.HASH)],
                Projection = new Projection { ProjectionType = ProjectionType.KEYS_ONLY },
            },
        ],
    };

    private static CreateTableRequest SchedulerRunTable(DynamoDbOptions settings) => new()
    {
        TableName = settings.SchedulerRunTableName,
        BillingMode = BillingMode.PAY_PER_REQUEST,
        AttributeDefinitions =
        [
            new AttributeDefinition(DynamoDbSchedulerRunLog.HashKey, ScalarAttributeType.S),
            new AttributeDefinition(DynamoDbSchedulerRunLog.RangeKey, ScalarAttributeType.S),
        ],
        KeySchema =
        [
            new KeySchemaElement(DynamoDbSchedulerRunLog.HashKey, KeyType.HASH),
            new KeySchemaElement(DynamoDbSchedulerRunLog.RangeKey, KeyType.RANGE),
        ],
    };

    private async Task<bool> CreateIfMissingAsync(CreateTableRequest request, CancellationToken cancellationToken)
    {
        try
        {
            await dynamo.CreateTableAsync(request, cancellationToken);
            return true;
        }
        catch (ResourceInUseException)
        {
            return false;
        }
    }

    private async Task WaitUntilActiveAsync(string table, CancellationToken cancellationToken)
    {
        for (var attempt = 0; attempt < 120; attempt++)
        {
            var status = (await dynamo.DescribeTableAsync(new DescribeTableRequest { TableName = table }, cancellationToken)).Table.TableStatus;
            if (status == TableStatus.ACTIVE)
            {
                return;
            }
            await Task.Delay(TimeSpan.FromMilliseconds(500), cancellationToken);
        }
        throw new TimeoutException($"DynamoDB table {table} did not become ACTIVE within a minute.");
    }
}

/// <summary>With <c>DynamoDb:CreateTable=true</c>: creates the tables before anything else starts.</summary>
public sealed class DynamoDbTableSetup(DynamoDbTables tables, ILogger<DynamoDbTableSetup> logger) : IHostedService
{
    public async Task StartAsync(CancellationToken cancellationToken)
    {
        var created = await tables.CreateAsync(cancellationToken);
        logger.LogInformation("DynamoDB tables ready (created: {Created})", created.Count == 0 ? "none" : string.Join(", ", created));
    }

    public Task StopAsync(CancellationToken cancellationToken) => Task.CompletedTask;
}
