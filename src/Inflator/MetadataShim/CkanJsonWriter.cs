using System.Globalization;
using System.Text;
using System.Text.Json;
using System.Text.Json.Nodes;

namespace NetKAN.Bus.Metadata.Ckan;

/// <summary>Temporary stand-in for the metadata core's CkanJsonWriter (Newtonsoft-style 4-space JSON, raw non-ASCII).</summary>
public static class CkanJsonWriter
{
    public static string Write(JsonObject module)
    {
        var sb = new StringBuilder();
        WriteNode(sb, module, 0);
        sb.Append('\n');
        return sb.ToString();
    }

    private static void WriteNode(StringBuilder sb, JsonNode? node, int depth)
    {
        switch (node)
        {
            case null:
                sb.Append("null");
                break;
            case JsonObject obj:
                if (obj.Count == 0) { sb.Append("{}"); break; }
                sb.Append("{\n");
                var i = 0;
                foreach (var (k, v) in obj)
                {
                    sb.Append(' ', (depth + 1) * 4);
                    WriteString(sb, k);
                    sb.Append(": ");
                    WriteNode(sb, v, depth + 1);
                    if (++i < obj.Count) sb.Append(',');
                    sb.Append('\n');
                }
                sb.Append(' ', depth * 4).Append('}');
                break;
            case JsonArray arr:
                if (arr.Count == 0) { sb.Append("[]"); break; }
                sb.Append("[\n");
                for (var j = 0; j < arr.Count; j++)
                {
                    sb.Append(' ', (depth + 1) * 4);
                    WriteNode(sb, arr[j], depth + 1);
                    if (j + 1 < arr.Count) sb.Append(',');
                    sb.Append('\n');
                }
                sb.Append(' ', depth * 4).Append(']');
                break;
            case JsonValue val:
                switch (val.GetValueKind())
                {
                    case JsonValueKind.String: WriteString(sb, val.GetValue<string>()); break;
                    case JsonValueKind.True: sb.Append("true"); break;
                    case JsonValueKind.False: sb.Append("false"); break;
                    case JsonValueKind.Number: sb.Append(val.ToJsonString()); break;
                    default: sb.Append(val.ToJsonString()); break;
                }
                break;
        }
    }

    private static void WriteString(StringBuilder sb, string s)
    {
        sb.Append('"');
        foreach (var c in s)
        {
            switch (c)
            {
                case '"': sb.Append("\\\""); break;
                case '\\': sb.Append("\\\\"); break;
                case '\n': sb.Append("\\n"); break;
                case '\r': sb.Append("\\r"); break;
                case '\t': sb.Append("\\t"); break;
                case '\b': sb.Append("\\b"); break;
                case '\f': sb.Append("\\f"); break;
                default:
                    if (c < 0x20 || c == '\u0085' || c == '\u2028' || c == '\u2029')
                        sb.Append("\\u").Append(((int)c).ToString("x4", CultureInfo.InvariantCulture));
                    else sb.Append(c);
                    break;
            }
        }
        sb.Append('"');
    }
}
