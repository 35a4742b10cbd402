using System.Globalization;
using System.Text;
using System.Text.Json;
using System.Text.Json.Nodes;

namespace NetKAN.Bus.Metadata.Ckan;

/// <summary>
/// Writes .ckan text byte-compatible with CKAN-meta (inflator.md §5): 4-space indentation, <c>"key": value</c>,
/// one array element per line, <c>[]</c>/<c>{}</c> when empty, non-ASCII written raw, LF line ends and a final
/// newline. Escaping follows Newtonsoft's default, which is what the inflator uses: only <c>"</c>, <c>\</c>,
/// control characters and U+0085/U+2028/U+2029. Numbers read from text are written exactly as they were read.
/// </summary>
public static class CkanJsonWriter
{
    private const string Indent = "    ";

    /// <summary>Canonical .ckan text: keys in <see cref="CkanPropertyOrder"/> order. Does not modify the input.</summary>
    public static string Write(JsonObject module)
    {
        ArgumentNullException.ThrowIfNull(module);
        var text = new StringBuilder(2048);
        WriteNode(text, module, 0, canonicalTopLevel: true);
        return text.Append('\n').ToString();
    }

    /// <summary>The same format but keeping the existing key order, for re-writing files that were made by hand or
    /// by an older inflator without reordering them.</summary>
    public static string WritePreservingOrder(JsonNode? node)
    {
        var text = new StringBuilder(2048);
        WriteNode(text, node, 0, canonicalTopLevel: false);
        return text.Append('\n').ToString();
    }

    private static void WriteNode(StringBuilder text, JsonNode? node, int depth, bool canonicalTopLevel)
    {
        switch (node)
        {
            case null:
                text.Append("null");
                break;
            case JsonObject obj:
                WriteObject(text, obj, depth, canonicalTopLevel ? CkanPropertyOrder.TopLevel : null, canonicalTopLevel);
                break;
            case JsonArray array:
                WriteArray(text, array, depth);
                break;
            case JsonValue value:
                WriteValue(text, value);
                break;
        }
    }

    /// <param name="order">Key order, or null to keep the object's own order.</param>
    /// <param name="canonicalTopLevel">A .ckan's top level: its <c>resources</c> object gets the resources order.</param>
    private static void WriteObject(StringBuilder text, JsonObject obj, int depth, IComparer<string>? order, bool canonicalTopLevel)
    {
        if (obj.Count == 0)
        {
            text.Append("{}");
            return;
        }
        IEnumerable<KeyValuePair<string, JsonNode?>> properties = order is null ? obj : obj.OrderBy(p => p.Key, order);

        text.Append('{');
        var first = true;
        foreach (var (key, value) in properties)
        {
            if (!first)
            {
                text.Append(',');
            }
            first = false;
            NewLine(text, depth + 1);
            WriteString(text, key);
            text.Append(": ");
            if (canonicalTopLevel && key == "resources" && value is JsonObject resources)
            {
                WriteObject(text, resources, depth + 1, CkanPropertyOrder.Resources, canonicalTopLevel: false);
            }
            else
            {
                WriteNode(text, value, depth + 1, canonicalTopLevel: false);
            }
        }
        NewLine(text, depth);
        text.Append('}');
    }

    private static void WriteArray(StringBuilder text, JsonArray array, int depth)
    {
        if (array.Count == 0)
        {
            text.Append("[]");
            return;
        }
        text.Append('[');
        for (var i = 0; i < array.Count; i++)
        {
            if (i > 0)
            {
                text.Append(',');
            }
            NewLine(text, depth + 1);
            WriteNode(text, array[i], depth + 1, canonicalTopLevel: false);
        }
        NewLine(text, depth);
        text.Append(']');
    }

    private static void WriteValue(StringBuilder text, JsonValue value)
    {
        if (value.TryGetValue<JsonElement>(out var element))
        {
            switch (element.ValueKind)
            {
                case JsonValueKind.String:
                    WriteString(text, element.GetString()!);
                    return;
                case JsonValueKind.Number:
                    // Keep the raw text: 1.0 stays 1.0 and big integers are not reformatted.
                    text.Append(element.GetRawText());
                    return;
                case JsonValueKind.True:
                    text.Append("true");
                    return;
                case JsonValueKind.False:
                    text.Append("false");
                    return;
                case JsonValueKind.Null:
                    text.Append("null");
                    return;
            }
        }

        switch (value.GetValueKind())
        {
            case JsonValueKind.String:
                var s = value.TryGetValue<string>(out var str) ? str : JsonSerializer.Deserialize<string>(value.ToJsonString())!;
                WriteString(text, s);
                break;
            case JsonValueKind.True:
                text.Append("true");
                break;
            case JsonValueKind.False:
                text.Append("false");
                break;
            case JsonValueKind.Number:
                // Values built in code (int, long, double...): System.Text.Json's invariant number text.
                text.Append(value.ToJsonString());
                break;
            default:
                text.Append(value.ToJsonString());
                break;
        }
    }

    private static void NewLine(StringBuilder text, int depth)
    {
        text.Append('\n');
        for (var i = 0; i < depth; i++)
        {
            text.Append(Indent);
        }
    }

    private static void WriteString(StringBuilder text, string value)
    {
        text.Append('"');
        var start = 0;
        for (var i = 0; i < value.Length; i++)
        {
            var c = value[i];
            string? escape = c switch
            {
                '"' => "\\\"",
                '\\' => "\\\\",
                '\n' => "\\n",
                '\r' => "\\r",
                '\t' => "\\t",
                '\b' => "\\b",
                '\f' => "\\f",
                '\u0085' or '\u2028' or '\u2029' => UnicodeEscape(c),
                < ' ' => UnicodeEscape(c),
                _ => null,
            };
            if (escape is null)
            {
                continue;
            }
            text.Append(value, start, i - start).Append(escape);
            start = i + 1;
        }
        text.Append(value, start, value.Length - start).Append('"');
    }

    // Newtonsoft writes \u escapes with lowercase hex digits.
    private static string UnicodeEscape(char c) => "\\u" + ((int)c).ToString("x4", CultureInfo.InvariantCulture);
}
