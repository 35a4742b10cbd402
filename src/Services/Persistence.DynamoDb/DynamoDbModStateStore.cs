using System.Collections.Concurrent;
using System.Globalization;
using Amazon.DynamoDBv2;
using Amazon.DynamoDBv2.Model;
using Microsoft.Extensions.Options;
using NetKAN.Bus.Contracts.Games;
using NetKAN.Bus.Sagas.Persistence;
using NetKAN.Bus.Sagas.Status;

namespace NetKAN.Bus.Services.Persistence.DynamoDb;

/// <summary>
/// Status rows in DynamoDB (production), on the low-level API: the original table's layout (see
/// <see cref="ModStateItem"/>) plus a <c>version</c> number for optimistic concurrency. Inserts are conditional on
/// <c>attribute_not_exists(ModIdentifier)</c>, updates on <c>version = expected</c>; a failed condition becomes a
/// <see cref="ModStateConcurrencyException"/>, so the saga's retry re-loads and re-applies the event. Reads are
/// consistent.
/// The saga loads by correlation id (a name-based GUID of game and identifier, which cannot be reversed), so each
/// item also carries <c>correlation_id</c>, indexed by a keys-only global secondary index. A GSI is eventually
/// consistent, so the lookup only finds the key; the item itself is then read consistently. Right after a first insert
/// the index may lag: the load then says "missing", the insert's condition fails, and the retry finds it. The key
/// behind an id never changes, so keys found are cached for the life of the process.
/// Rows written by the original service are adopted on the first event for their mod (see <see cref="AdoptOriginalRowAsync"/>).
/// </summary>
public sealed class DynamoDbModStateStore(IAmazonDynamoDB dynamo, IOptions<DynamoDbOptions> options) : IModStateStore
{
    private readonly ConcurrentDictionary<Guid, (string Identifier, string Game)> _keys = new();

    private string Table => options.Value.TableName;

    public async Task<ModState?> LoadAsync(Guid correlationId, CancellationToken cancellationToken)
    {
        var key = await FindKeyAsync(correlationId, cancellationToken);
        if (key is null)
        {
            return null;
        }
        var response = await dynamo.GetItemAsync(new GetItemRequest
        {
            TableName = Table,
            Key = ModStateItem.Key(key.Value.Identifier, key.Value.Game),
            ConsistentRead = true,
        }, cancellationToken);
        return response.Item is { Count: > 0 } item ? ModStateItem.FromItem(item) : null;
    }

    public async Task InsertAsync(ModState state, CancellationToken cancellationToken)
    {
        try
        {
            await PutAsync(state, "attribute_not_exists(#id)", new Dictionary<string, string> { ["#id"] = ModStateItem.HashKey }, null,
                $"{state.GameId}/{state.Identifier} already exists", cancellationToken);
        }
        catch (ModStateConcurrencyException)
        {
            await AdoptOriginalRowAsync(state, cancellationToken);
            throw;
        }
    }

    public async Task UpdateAsync(ModState state, int expectedVersion, CancellationToken cancellationToken)
    {
        await PutAsync(state, "#v = :expected", new Dictionary<string, string> { ["#v"] = ModStateItem.Version },
            new Dictionary<string, AttributeValue> { [":expected"] = new() { N = expectedVersion.ToString(CultureInfo.InvariantCulture) } },
            $"{state.GameId}/{state.Identifier} changed since it was loaded (expected version {expectedVersion})", cancellationToken);
    }

    public async Task DeleteAsync(Guid correlationId, CancellationToken cancellationToken)
    {
        var key = await FindKeyAsync(correlationId, cancellationToken);
        if (key is not null)
        {
            await dynamo.DeleteItemAsync(new DeleteItemRequest { TableName = Table, Key = ModStateItem.Key(key.Value.Identifier, key.Value.Game) },
                cancellationToken);
        }
    }

    public async Task<IReadOnlyList<ModState>> ListAsync(GameId? game, CancellationToken cancellationToken)
    {
        var rows = new List<ModState>();
        Dictionary<string, AttributeValue>? start = null;
        do
        {
            var request = new ScanRequest { TableName = Table, ConsistentRead = true, ExclusiveStartKey = start };
            if (options.Value.ScanPageSize > 0)
            {
                request.Limit = options.Value.ScanPageSize;
            }
            if (game is not null)
            {
                request.FilterExpression = "#g = :g";
                request.ExpressionAttributeNames = new Dictionary<string, string> { ["#g"] = ModStateItem.RangeKey };
                request.ExpressionAttributeValues = new Dictionary<string, AttributeValue> { [":g"] = new() { S = game.Value.Value } };
            }
            var response = await dynamo.ScanAsync(request, cancellationToken);
            foreach (var item in response.Items ?? [])
            {
                var state = ModStateItem.FromItem(item);
                _keys.TryAdd(state.CorrelationId, (state.Identifier, state.GameId));
                rows.Add(state);
            }
            start = response.LastEvaluatedKey is { Count: > 0 } next ? next : null;
        }
        while (start is not null);
        return rows.OrderBy(x => x.Identifier, StringComparer.Ordinal).ThenBy(x => x.GameId, StringComparer.Ordinal).ToList();
    }

    private async Task PutAsync(ModState state, string condition, Dictionary<string, string> names,
        Dictionary<string, AttributeValue>? values, string conflict, CancellationToken cancellationToken)
    {
        try
        {
            await dynamo.PutItemAsync(new PutItemRequest
            {
                TableName = Table,
                Item = ModStateItem.ToItem(state),
                ConditionExpression = condition,
                ExpressionAttributeNames = names,
                ExpressionAttributeValues = values,
            }, cancellationToken);
            _keys.TryAdd(state.CorrelationId, (state.Identifier, state.GameId));
        }
        catch (ConditionalCheckFailedException e)
        {
            throw new ModStateConcurrencyException(conflict, state.CorrelationId, e);
        }
    }

    /// <summary>
    /// A row written by the original status service (no <c>version</c>, no <c>correlation_id</c>) cannot be found by
    /// saga id, so the saga took the mod for new and its insert hit that row. Give the row a saga id and version 1,
    /// keeping every field it has; the conflict then makes the saga retry, load it and apply the event on top.
    /// </summary>
    private async Task AdoptOriginalRowAsync(ModState state, CancellationToken cancellationToken)
    {
        var key = ModStateItem.Key(state.Identifier, state.GameId.ToLowerInvariant());
        var existing = await dynamo.GetItemAsync(new GetItemRequest { TableName = Table, Key = key, ConsistentRead = true }, cancellationToken);
        if (existing.Item is not { Count: > 0 } item || item.ContainsKey(ModStateItem.Version))
        {
            return; // a real conflict with another writer
        }
        var frozen = item.TryGetValue("frozen", out var flag) && flag.BOOL == true;
        try
        {
            await dynamo.UpdateItemAsync(new UpdateItemRequest
            {
                TableName = Table,
                Key = key,
                UpdateExpression = "SET #c = :c, #v = :one, #s = if_not_exists(#s, :s)",
                ConditionExpression = "attribute_not_exists(#v)",
                ExpressionAttributeNames = new Dictionary<string, string>
                {
                    ["#c"] = ModStateItem.CorrelationId, ["#v"] = ModStateItem.Version, ["#s"] = "current_state",
                },
                ExpressionAttributeValues = new Dictionary<string, AttributeValue>
                {
                    [":c"] = new() { S = state.CorrelationId.ToString() },
                    [":one"] = new() { N = "1" },
                    [":s"] = new() { S = frozen ? "Frozen" : "Active" },
                },
            }, cancellationToken);
        }
        catch (ConditionalCheckFailedException)
        {
            // Another process adopted it first; the same outcome.
        }
        _keys.TryAdd(state.CorrelationId, (state.Identifier, state.GameId.ToLowerInvariant()));
    }

    private async Task<(string Identifier, string Game)?> FindKeyAsync(Guid correlationId, CancellationToken cancellationToken)
    {
        if (_keys.TryGetValue(correlationId, out var cached))
        {
            return cached;
        }
        var response = await dynamo.QueryAsync(new QueryRequest
        {
            TableName = Table,
            IndexName = options.Value.CorrelationIndexName,
            KeyConditionExpression = "#c = :c",
            ExpressionAttributeNames = new Dictionary<string, string> { ["#c"] = ModStateItem.CorrelationId },
            ExpressionAttributeValues = new Dictionary<string, AttributeValue> { [":c"] = new() { S = correlationId.ToString() } },
        }, cancellationToken);
        if (response.Items is not { Count: > 0 } items)
        {
            return null;
        }
        var key = (items[0][ModStateItem.HashKey].S, items[0][ModStateItem.RangeKey].S);
        return _keys.GetOrAdd(correlationId, key);
    }
}
