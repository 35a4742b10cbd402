using System.Globalization;
using System.Text;
using System.Text.Json;

namespace NetKAN.Bus.Services.DownloadCounter;

/// <summary><c>download_counts.json</c> exactly as Python's <c>json.dumps(counts, sort_keys=True, indent=4)</c> writes it:
/// keys in code-point order, four-space indent, <c>": "</c> and <c>","</c> separators, no final newline.</summary>
public static class DownloadCountsJson
{
    public const string FileName = "download_counts.json";

    public static string Write(IReadOnlyDictionary<string, long> counts)
    {
        if (counts.Count == 0)
        {
            return "{}";
        }
        var text = new StringBuilder("{\n");
        var first = true;
        foreach (var (key, value) in counts.OrderBy(x => x.Key, StringComparer.Ordinal))
        {
            if (!first)
            {
                text.Append(",\n");
            }
            first = false;
            text.Append("    ").Append(JsonSerializer.Serialize(key)).Append(": ").Append(value.ToString(CultureInfo.InvariantCulture));
        }
        return text.Append("\n}").ToString();
    }

    /// <summary>Reads a counts file; an unreadable one counts as empty.</summary>
    public static IReadOnlyDictionary<string, long> Read(string? text)
    {
        if (string.IsNullOrWhiteSpace(text))
        {
            return new Dictionary<string, long>();
        }
        try
        {
            return JsonSerializer.Deserialize<Dictionary<string, long>>(text) ?? [];
        }
        catch (JsonException)
        {
            return new Dictionary<string, long>();
        }
    }
}
