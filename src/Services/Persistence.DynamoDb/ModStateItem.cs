using System.Globalization;
using System.Text;
using System.Text.Json;
using System.Text.Json.Nodes;
using Amazon.DynamoDBv2.Model;
using NetKAN.Bus.Contracts.Lifecycle;
using NetKAN.Bus.Contracts.Games;
using NetKAN.Bus.Sagas.Persistence;
using NetKAN.Bus.Sagas.Status;

namespace NetKAN.Bus.Services.Persistence.DynamoDb;

/// <summary>
/// A status row as a DynamoDB item that other tools can read, field by field, like the original table:
/// hash key <c>ModIdentifier</c>, range key <c>game_id</c> (lowercase); the original fields under their original
/// names and types (<c>last_checked</c>, <c>last_indexed</c>, <c>last_inflated</c>, <c>last_downloaded</c>,
/// <c>release_date</c> as pynamodb's UTC strings <c>2023-04-11T14:40:18.673421+0000</c>; <c>success</c>,
/// <c>frozen</c> BOOL; <c>last_error</c>, <c>last_warnings</c> S; <c>resources</c> M); absent values are left out, as
/// pynamodb does. Every other <see cref="ModState"/> property is a plain attribute too, named in snake_case
/// (<c>current_state</c>, <c>version</c>, <c>correlation_id</c>, <c>inflation_seconds</c>, …; <c>errors</c> and
/// <c>history</c> as lists of maps). The mapping goes through the row's JSON form, so a property added to ModState
/// is stored without touching this class.
/// </summary>
public static class ModStateItem
{
    public const string HashKey = "ModIdentifier";
    public const string RangeKey = "game_id";
    public const string CorrelationId = "correlation_id";
    public const string Version = "version";

    /// <summary>The original's UTCDateTimeAttribute fields.</summary>
    private static readonly Dictionary<string, Func<ModState, DateTimeOffset?>> OriginalDates = new(StringComparer.Ordinal)
    {
        ["last_checked"] = x => x.LastChecked,
        ["last_indexed"] = x => x.LastIndexed,
        ["last_inflated"] = x => x.LastInflated,
        ["last_downloaded"] = x => x.LastDownloaded,
        ["release_date"] = x => x.ReleaseDate,
    };

    public static Dictionary<string, AttributeValue> Key(string identifier, string game) => new(StringComparer.Ordinal)
    {
        [HashKey] = new AttributeValue { S = identifier },
        [RangeKey] = new AttributeValue { S = game },
    };

    public static Dictionary<string, AttributeValue> ToItem(ModState state)
    {
        var json = JsonSerializer.SerializeToNode(state, ModStateJson.Options)!.AsObject();
        var item = new Dictionary<string, AttributeValue>(StringComparer.Ordinal);
        foreach (var (property, value) in json)
        {
            var name = AttributeName(property);
            if (value is null)
            {
                continue; // pynamodb leaves null attributes out
            }
            item[name] = OriginalDates.TryGetValue(name, out var date)
                ? new AttributeValue { S = PynamoDate(date(state)!.Value) }
                : ToAttribute(value);
        }
        item[RangeKey] = new AttributeValue { S = state.GameId.ToLowerInvariant() };
        return item;
    }

    public static ModState FromItem(Dictionary<string, AttributeValue> item)
    {
        var json = new JsonObject();
        foreach (var (name, value) in item)
        {
            json[PropertyName(name)] = OriginalDates.ContainsKey(name) && value.S is not null
                ? JsonValue.Create(ParseDate(value.S, name))
                : ToNode(value);
        }
        var state = json.Deserialize<ModState>(ModStateJson.Options)
            ?? throw new JsonException("Empty status item");
        if (state.CorrelationId == Guid.Empty && GameId.TryParse(state.GameId, out var game))
        {
            // A row written by the original (pynamodb) has no saga id: it is derived from its key.
            state.CorrelationId = ModSagaId.For(game.Value, state.Identifier);
        }
        return state;
    }

    /// <summary>pynamodb's UTCDateTimeAttribute format: <c>%Y-%m-%dT%H:%M:%S.%f%z</c>.</summary>
    public static string PynamoDate(DateTimeOffset time) =>
        time.UtcDateTime.ToString("yyyy-MM-dd'T'HH:mm:ss.ffffff", CultureInfo.InvariantCulture) + "+0000";

    /// <summary>Reads pynamodb's format and any ISO 8601 time (with <c>Z</c>, <c>+00:00</c> or <c>+0000</c>).</summary>
    public static DateTimeOffset ParseDate(string text, string attribute)
    {
        var normalised = text.Length > 5 && (text[^5] is '+' or '-') && text[^4..].All(char.IsAsciiDigit)
            ? $"{text[..^2]}:{text[^2..]}"
            : text;
        return DateTimeOffset.TryParse(normalised, CultureInfo.InvariantCulture, DateTimeStyles.AssumeUniversal, out var time)
            ? time.ToUniversalTime()
            : throw new FormatException($"Status attribute {attribute} holds '{text}', which is not a date and time");
    }

    private static string AttributeName(string property) => property switch
    {
        "identifier" => HashKey,
        _ => SnakeCase(property),
    };

    private static string PropertyName(string attribute) => attribute switch
    {
        HashKey => "identifier",
        _ => CamelCase(attribute),
    };

    private static string SnakeCase(string camel)
    {
        var text = new StringBuilder(camel.Length + 8);
        foreach (var c in camel)
        {
            if (char.IsAsciiLetterUpper(c))
            {
                text.Append('_').Append(char.ToLowerInvariant(c));
            }
            else
            {
                text.Append(c);
            }
        }
        return text.ToString();
    }

    private static string CamelCase(string snake)
    {
        var text = new StringBuilder(snake.Length);
        var upper = false;
        foreach (var c in snake)
        {
            if (c == '_')
            {
                upper = true;
                continue;
            }
            text.Append(upper ? char.ToUpperInvariant(c) : c);
            upper = false;
        }
        return text.ToString();
    }

    private static AttributeValue ToAttribute(JsonNode? node) => node switch
    {
        null => new AttributeValue { NULL = true },
        JsonObject map => new AttributeValue
        {
            // Nested keys (resource names, error fields) are kept as they are.
            M = map.ToDictionary(x => x.Key, x => ToAttribute(x.Value), StringComparer.Ordinal),
        },
        JsonArray list => new AttributeValue { L = list.Select(ToAttribute).ToList() },
        JsonValue value => value.GetValueKind() switch
        {
            JsonValueKind.String => new AttributeValue { S = value.GetValue<string>() },
            JsonValueKind.Number => new AttributeValue { N = value.ToJsonString() },
            JsonValueKind.True => new AttributeValue { BOOL = true },
            JsonValueKind.False => new AttributeValue { BOOL = false },
            _ => new AttributeValue { NULL = true },
        },
        _ => throw new ArgumentException($"Cannot store {node.GetType().Name} in DynamoDB"),
    };

    private static JsonNode? ToNode(AttributeValue value)
    {
        if (value.S is not null)
        {
            return JsonValue.Create(value.S);
        }
        if (value.N is not null)
        {
            return JsonNode.Parse(value.N);
        }
        if (value.BOOL is { } flag)
        {
            return JsonValue.Create(flag);
        }
        if (value.M is not null)
        {
            // DynamoDB keeps no order in a map; sorted keys keep every read (and every status dump) the same.
            var map = new JsonObject();
            foreach (var (key, inner) in value.M.OrderBy(x => x.Key, StringComparer.Ordinal))
            {
                map[key] = ToNode(inner);
            }
            return map;
        }
        if (value.L is not null)
        {
            return new JsonArray(value.L.Select(ToNode).ToArray());
        }
        if (value.SS is not null)
        {
            return new JsonArray(value.SS.Select(x => (JsonNode?)JsonValue.Create(x)).ToArray());
        }
        return null;
    }
}
