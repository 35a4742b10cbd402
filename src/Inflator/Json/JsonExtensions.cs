using System.Text.Json;
using System.Text.Json.Nodes;

namespace NetKAN.Bus.Inflator.Json;

/// <summary>The original's JObject helpers: netkan values always beat values from a host.</summary>
internal static class JsonExtensions
{
    /// <summary>Sets <paramref name="name"/> only when it is absent and <paramref name="value"/> is not null.</summary>
    public static void SafeAdd(this JsonObject json, string name, JsonNode? value)
    {
        if (value is null || json.ContainsKey(name))
        {
            return;
        }
        json[name] = value.Parent is null ? value : value.DeepClone();
    }

    public static void SafeAdd(this JsonObject json, string name, string? value)
    {
        if (value is not null)
        {
            json.SafeAdd(name, JsonValue.Create(value));
        }
    }

    /// <summary>Adds the sub-keys of <paramref name="source"/> missing from <c>json[name]</c>, skipping nulls.</summary>
    public static void SafeMerge(this JsonObject json, string name, JsonObject? source)
    {
        if (source is null)
        {
            return;
        }
        if (json[name] is not JsonObject target)
        {
            target = new JsonObject();
            json[name] = target;
        }
        foreach (var (key, value) in source)
        {
            if (value is not null && !target.ContainsKey(key))
            {
                target[key] = value.DeepClone();
            }
        }
    }

    /// <summary>The string value of a property, or null when it is absent, null, or not a string/number/bool.</summary>
    public static string? GetString(this JsonObject json, string name) => AsString(json[name]);

    public static string? AsString(this JsonNode? node) =>
        node is JsonValue value
            ? value.GetValueKind() switch
            {
                JsonValueKind.String => value.GetValue<string>(),
                JsonValueKind.Number => value.ToJsonString(),
                JsonValueKind.True => "true",
                JsonValueKind.False => "false",
                _ => null,
            }
            : null;

    /// <summary>A boolean that may be written as a bool or a "true"/"false" string.</summary>
    public static bool? AsBool(this JsonNode? node) =>
        node is JsonValue value
            ? value.GetValueKind() switch
            {
                JsonValueKind.True => true,
                JsonValueKind.False => false,
                JsonValueKind.String => bool.TryParse(value.GetValue<string>(), out var b) ? b : null,
                _ => null,
            }
            : null;

    /// <summary>A string or an array of strings, as a list.</summary>
    public static IReadOnlyList<string>? AsStringList(this JsonNode? node) => node switch
    {
        null => null,
        JsonArray array => array.Select(AsString).OfType<string>().ToList(),
        _ => AsString(node) is { } s ? [s] : null,
    };

    /// <summary>One value as a string, several as an array; null when there are none.</summary>
    public static JsonNode? ToValueOrArray(this IEnumerable<string?> values)
    {
        var list = values.Where(v => !string.IsNullOrEmpty(v)).Select(v => v!).Distinct(StringComparer.Ordinal).ToList();
        return list.Count switch
        {
            0 => null,
            1 => JsonValue.Create(list[0]),
            _ => new JsonArray(list.Select(v => (JsonNode?)JsonValue.Create(v)).ToArray()),
        };
    }

    /// <summary>Deep merge in the style of JObject.Merge with arrays replaced: later values win.</summary>
    public static void MergeFrom(this JsonObject target, JsonObject source)
    {
        foreach (var (key, value) in source)
        {
            if (value is JsonObject sourceObj && target[key] is JsonObject targetObj)
            {
                targetObj.MergeFrom(sourceObj);
            }
            else if (value is not null || !target.ContainsKey(key))
            {
                target[key] = value?.DeepClone();
            }
        }
    }

    public static JsonObject CloneObject(this JsonObject json) => (JsonObject)json.DeepClone();
}
