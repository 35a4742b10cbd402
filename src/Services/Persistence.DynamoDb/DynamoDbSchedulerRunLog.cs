using System.Globalization;
using Amazon.DynamoDBv2;
using Amazon.DynamoDBv2.Model;
using Microsoft.Extensions.Options;
using NetKAN.Bus.Contracts.Games;
using NetKAN.Bus.Sagas.Health;

namespace NetKAN.Bus.Services.Persistence.DynamoDb;

/// <summary>
/// Scheduler passes in their own table (hash <c>game_id</c>, range <c>run_at</c> = UTC time + group, so the newest
/// come first in a query), plain attributes, expiring through DynamoDB TTL on <c>expires_at</c>.
/// </summary>
public sealed class DynamoDbSchedulerRunLog(IAmazonDynamoDB dynamo, IOptions<DynamoDbOptions> options, TimeProvider time)
    : ISchedulerRunLog
{
    public const string HashKey = "game_id";
    public const string RangeKey = "run_at";

    public async Task RecordAsync(SchedulerRun run, CancellationToken cancellationToken)
    {
        var utc = run.Time.UtcDateTime;
        var item = new Dictionary<string, AttributeValue>(StringComparer.Ordinal)
        {
            [HashKey] = new() { S = run.Game.Value },
            [RangeKey] = new() { S = $"{utc.ToString("yyyy-MM-dd'T'HH:mm:ss.fffffff'Z'", CultureInfo.InvariantCulture)}#{run.Group}" },
            ["time"] = new() { S = run.Time.ToString("O", CultureInfo.InvariantCulture) },
            ["group"] = new() { S = run.Group },
            ["skipped"] = new() { BOOL = run.Skipped },
            ["sent"] = new() { N = Number(run.Sent) },
            ["expires_at"] = new() { N = Number(time.GetUtcNow().AddDays(options.Value.SchedulerRunRetentionDays).ToUnixTimeSeconds()) },
        };
        if (run.Reason is not null)
        {
            item["reason"] = new() { S = run.Reason };
        }
        if (run.QueueDepth is { } depth)
        {
            item["queue_depth"] = new() { N = Number(depth) };
        }
        if (run.GitHubRemaining is { } remaining)
        {
            item["github_remaining"] = new() { N = Number(remaining) };
        }
        await dynamo.PutItemAsync(new PutItemRequest { TableName = options.Value.SchedulerRunTableName, Item = item }, cancellationToken);
    }

    public async Task<IReadOnlyList<SchedulerRun>> RecentAsync(GameId? game, int limit, CancellationToken cancellationToken)
    {
        var games = game is null ? GameId.All : [game.Value];
        var runs = new List<SchedulerRun>();
        foreach (var g in games)
        {
            var response = await dynamo.QueryAsync(new QueryRequest
            {
                TableName = options.Value.SchedulerRunTableName,
                KeyConditionExpression = "#g = :g",
                ExpressionAttributeNames = new Dictionary<string, string> { ["#g"] = HashKey },
                ExpressionAttributeValues = new Dictionary<string, AttributeValue> { [":g"] = new() { S = g.Value } },
                ScanIndexForward = false,
                Limit = limit,
                ConsistentRead = true,
            }, cancellationToken);
            runs.AddRange((response.Items ?? []).Select(x => FromItem(g, x)));
        }
        return runs.OrderByDescending(x => x.Time).Take(limit).ToList();
    }

    private static SchedulerRun FromItem(GameId game, Dictionary<string, AttributeValue> item) => new(
        game,
        DateTimeOffset.Parse(item["time"].S, CultureInfo.InvariantCulture),
        item["group"].S,
        item["skipped"].BOOL ?? false,
        item.TryGetValue("reason", out var reason) ? reason.S : null,
        int.Parse(item["sent"].N, CultureInfo.InvariantCulture),
        item.TryGetValue("queue_depth", out var depth) ? int.Parse(depth.N, CultureInfo.InvariantCulture) : null,
        item.TryGetValue("github_remaining", out var remaining) ? int.Parse(remaining.N, CultureInfo.InvariantCulture) : null);

    private static string Number(long value) => value.ToString(CultureInfo.InvariantCulture);
}
