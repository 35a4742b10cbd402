using System.Text;
using System.Text.Json;
using System.Text.Json.Nodes;
using System.Text.RegularExpressions;

namespace NetKAN.Bus.Services.SpaceDockAdder;

/// <summary>
/// Writes netkan documents as YAML the way the original's ruamel dumper was set up (<c>indent(mapping=2,
/// sequence=4, offset=2)</c>): block style, keys in document order, sequence dashes two columns in, several
/// documents separated by <c>---</c>. Strings stay plain unless YAML would read them as something else, then they
/// are single-quoted (double-quoted when they hold control characters).
/// </summary>
public static partial class NetkanYaml
{
    public static string Write(IReadOnlyList<JsonObject> documents)
    {
        var text = new StringBuilder();
        for (var i = 0; i < documents.Count; i++)
        {
            if (i > 0)
            {
                text.Append("---\n");
            }
            Mapping(text, documents[i], 0, firstLinePrefix: null);
        }
        return text.ToString();
    }

    private static void Mapping(StringBuilder text, JsonObject mapping, int indent, string? firstLinePrefix)
    {
        var first = true;
        foreach (var (key, value) in mapping)
        {
            text.Append(first && firstLinePrefix is not null ? firstLinePrefix : new string(' ', indent));
            first = false;
            text.Append(Scalar(key)).Append(':');
            Value(text, value, indent);
        }
    }

    private static void Value(StringBuilder text, JsonNode? value, int indent)
    {
        switch (value)
        {
            case JsonArray { Count: 0 }:
                text.Append(" []\n");
                break;
            case JsonObject { Count: 0 }:
                text.Append(" {}\n");
                break;
            case JsonArray array:
                text.Append('\n');
                Sequence(text, array, indent + 2);
                break;
            case JsonObject mapping:
                text.Append('\n');
                Mapping(text, mapping, indent + 2, firstLinePrefix: null);
                break;
            default:
                text.Append(' ').Append(ScalarValue(value)).Append('\n');
                break;
        }
    }

    private static void Sequence(StringBuilder text, JsonArray sequence, int dashIndent)
    {
        var prefix = new string(' ', dashIndent) + "- ";
        foreach (var item in sequence)
        {
            switch (item)
            {
                case JsonObject { Count: > 0 } mapping:
                    Mapping(text, mapping, dashIndent + 2, prefix);
                    break;
                case JsonArray { Count: > 0 } nested:
                    text.Append(prefix.TrimEnd()).Append('\n');
                    Sequence(text, nested, dashIndent + 2);
                    break;
                default:
                    text.Append(prefix).Append(item is JsonArray ? "[]" : item is JsonObject ? "{}" : ScalarValue(item)).Append('\n');
                    break;
            }
        }
    }

    private static string ScalarValue(JsonNode? value) => value switch
    {
        null => "null",
        JsonValue v when v.GetValueKind() is JsonValueKind.True => "true",
        JsonValue v when v.GetValueKind() is JsonValueKind.False => "false",
        JsonValue v when v.GetValueKind() is JsonValueKind.Number => v.ToJsonString(),
        JsonValue v => Scalar(v.GetValue<string>()),
        _ => throw new ArgumentException($"Not a scalar: {value.ToJsonString()}"),
    };

    /// <summary>A string as a YAML scalar: plain when that reads back as the same string, else quoted.</summary>
    public static string Scalar(string text)
    {
        if (text.Any(c => char.IsControl(c) && c != '\t') || text.Contains('\t'))
        {
            return JsonSerializer.Serialize(text); // double-quoted, escapes as YAML understands them
        }
        return NeedsQuotes(text) ? "'" + text.Replace("'", "''", StringComparison.Ordinal) + "'" : text;
    }

    private static bool NeedsQuotes(string text) =>
        text.Length == 0
        || char.IsWhiteSpace(text[0]) || char.IsWhiteSpace(text[^1])
        || "#,[]{}&*!|>'\"%@`".Contains(text[0])
        || (text[0] is '-' or '?' or ':' && (text.Length == 1 || text[1] == ' '))
        || text.Contains(": ", StringComparison.Ordinal) || text.Contains(" #", StringComparison.Ordinal) || text.EndsWith(':')
        || NotAString().IsMatch(text);

    /// <summary>What a YAML 1.1 reader would take for a boolean, null, number or merge key.</summary>
    [GeneratedRegex(@"^(?:y|Y|yes|Yes|YES|n|N|no|No|NO|true|True|TRUE|false|False|FALSE|on|On|ON|off|Off|OFF|null|Null|NULL|~|<<|=|[-+]?(?:\.[0-9]+|[0-9][0-9_]*(?:\.[0-9_]*)?)(?:[eE][-+]?[0-9]+)?|[-+]?\.(?:inf|Inf|INF)|\.(?:nan|NaN|NAN)|0x[0-9a-fA-F_]+|0o?[0-7_]+|[-+]?[0-9][0-9_]*(?::[0-5]?[0-9])+(?:\.[0-9_]*)?)$",
        RegexOptions.CultureInvariant)]
    private static partial Regex NotAString();
}
