using System.Text.Json;

namespace NetKAN.Bus.Inflator.Avc;

/// <summary>A KSP-AVC <c>.version</c> file, parsed leniently (comments, trailing commas, any key case).</summary>
public sealed record AvcVersionFile
{
    public string? Version { get; init; }
    public GameVersion? KspVersion { get; init; }
    public GameVersion? KspVersionMin { get; init; }
    public GameVersion? KspVersionMax { get; init; }
    public string? Url { get; init; }
    public string? Name { get; init; }
    public string? Download { get; init; }
    public string? GitHubUser { get; init; }
    public string? GitHubRepository { get; init; }

    private static readonly JsonDocumentOptions Lenient = new()
    {
        AllowTrailingCommas = true,
        CommentHandling = JsonCommentHandling.Skip,
        MaxDepth = 64,
    };

    /// <summary>Parses a .version file; throws <see cref="InflationException"/> naming the file on bad JSON.</summary>
    public static AvcVersionFile Parse(string text, string name)
    {
        try
        {
            var trimmed = text.TrimStart('\uFEFF');
            using var doc = JsonDocument.Parse(trimmed, Lenient);
            if (doc.RootElement.ValueKind != JsonValueKind.Object)
            {
                throw new InflationException($"Error parsing version file {name}: not a JSON object");
            }
            var root = doc.RootElement;
            var github = Get(root, "GITHUB");
            return new AvcVersionFile
            {
                Version = ParseVersion(Get(root, "VERSION")),
                KspVersion = ParseGameVersion(Get(root, "KSP_VERSION")),
                KspVersionMin = ParseGameVersion(Get(root, "KSP_VERSION_MIN")),
                KspVersionMax = ParseGameVersion(Get(root, "KSP_VERSION_MAX")),
                Url = Text(Get(root, "URL")),
                Name = Text(Get(root, "NAME")),
                Download = Text(Get(root, "DOWNLOAD")),
                GitHubUser = github is { ValueKind: JsonValueKind.Object } g ? Text(Get(g, "USERNAME")) : null,
                GitHubRepository = github is { ValueKind: JsonValueKind.Object } g2 ? Text(Get(g2, "REPOSITORY")) : null,
            };
        }
        catch (JsonException e)
        {
            throw new InflationException($"Error parsing version file {name}: {e.Message}", e);
        }
        catch (FormatException e)
        {
            throw new InflationException($"Error parsing version file {name}: {e.Message}", e);
        }
    }

    private static JsonElement? Get(JsonElement obj, string name)
    {
        foreach (var property in obj.EnumerateObject())
        {
            if (string.Equals(property.Name, name, StringComparison.OrdinalIgnoreCase))
            {
                return property.Value;
            }
        }
        return null;
    }

    private static string? Text(JsonElement? e) => e?.ValueKind switch
    {
        JsonValueKind.String => e.Value.GetString(),
        JsonValueKind.Number => e.Value.GetRawText(),
        _ => null,
    };

    /// <summary>VERSION: "1.2" → 1.2.0; {MAJOR:1,MINOR:2} → 1.2.0; the build part only when non-blank.</summary>
    private static string? ParseVersion(JsonElement? e)
    {
        string? major, minor, patch, build;
        switch (e?.ValueKind)
        {
            case JsonValueKind.String or JsonValueKind.Number:
                var parts = Text(e)!.Split('.');
                major = parts[0];
                minor = parts.Length > 1 ? parts[1] : null;
                patch = parts.Length > 2 ? parts[2] : null;
                build = parts.Length > 3 ? parts[3] : null;
                break;
            case JsonValueKind.Object:
                major = Text(Get(e.Value, "MAJOR"));
                minor = Text(Get(e.Value, "MINOR"));
                patch = Text(Get(e.Value, "PATCH"));
                build = Text(Get(e.Value, "BUILD"));
                break;
            default:
                return null;
        }
        var version = string.Join('.', major ?? "0", minor ?? "0", patch ?? "0");
        return string.IsNullOrWhiteSpace(build) ? version : $"{version}.{build}";
    }

    /// <summary>KSP_VERSION*: -1 is a wildcard (MAJOR -1 → any; MINOR -1 → M; PATCH -1 → M.m).</summary>
    private static GameVersion? ParseGameVersion(JsonElement? e)
    {
        int[] parts;
        switch (e?.ValueKind)
        {
            case JsonValueKind.String:
                var text = e.Value.GetString()!.Trim();
                if (text.Length == 0)
                {
                    return null;
                }
                if (text.Equals("any", StringComparison.OrdinalIgnoreCase))
                {
                    return GameVersion.Any;
                }
                parts = text.Split('.').Select(p => int.TryParse(p, out var v) ? v : throw new FormatException($"'{text}' is not a game version")).ToArray();
                break;
            case JsonValueKind.Number:
                parts = [e.Value.GetInt32()];
                break;
            case JsonValueKind.Object:
                parts = new[] { "MAJOR", "MINOR", "PATCH", "BUILD" }
                    .Select(k => Get(e.Value, k) is { } v ? ToInt(v) : -1)
                    .ToArray();
                break;
            default:
                return null;
        }
        var defined = parts.TakeWhile(p => p >= 0).ToArray();
        return defined.Length switch
        {
            0 => GameVersion.Any,
            1 => new GameVersion(defined[0]),
            2 => new GameVersion(defined[0], defined[1]),
            _ => new GameVersion(defined[0], defined[1], defined[2]),
        };
    }

    private static int ToInt(JsonElement v) => v.ValueKind switch
    {
        JsonValueKind.Number => v.TryGetInt32(out var i) ? i : -1,
        JsonValueKind.String => int.TryParse(v.GetString(), out var j) ? j : -1,
        _ => -1,
    };
}
