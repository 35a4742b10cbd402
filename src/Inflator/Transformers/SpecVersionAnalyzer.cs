using System.Text.Json.Nodes;
using NetKAN.Bus.Inflator.Json;

namespace NetKAN.Bus.Inflator.Transformers;

/// <summary>
/// CKAN's SpecVersionAnalyzer: the lowest spec version a module needs, as its minor number (0 = <c>1</c>,
/// 34 = <c>v1.34</c>). Rules are checked in priority order; the first match wins.
/// </summary>
public static class SpecVersionAnalyzer
{
    private static readonly string[] Relationships = ["depends", "recommends", "suggests", "supports", "conflicts"];

    public static int MinimumSpecVersion(JsonObject json)
    {
        var licenses = json["license"].AsStringList() ?? [];
        var install = (json["install"] as JsonArray)?.OfType<JsonObject>().ToList() ?? [];
        var relationships = Relationships
            .SelectMany(r => (json[r] as JsonArray)?.OfType<JsonObject>() ?? [])
            .ToList();
        string? InstallTo(JsonObject s) => s.GetString("install_to");

        if (json.GetString("release_status") is { } status && status != "stable") return 36;
        if (json["download_hash"] is JsonObject hash && (!hash.ContainsKey("sha1") || !hash.ContainsKey("sha256"))) return 35;
        if (json["download"] is JsonArray) return 34;
        if (relationships.Any(r => r.ContainsKey("any_of") && r.ContainsKey("choice_help_text"))) return 31;
        if (licenses.Contains("MPL-2.0")) return 30;
        if (install.Any(s => InstallTo(s)?.StartsWith("Ships/Script", StringComparison.Ordinal) == true
                             || (InstallTo(s) == "Ships"
                                 && ((s.GetString("find") ?? s.GetString("file"))?.EndsWith("/Script", StringComparison.Ordinal) == true
                                     || s.GetString("as")?.EndsWith("Script", StringComparison.Ordinal) == true)))) return 29;
        if (json.GetString("kind") == "dlc") return 28;
        if (json.ContainsKey("replaced_by") || relationships.Any(r => r.ContainsKey("any_of"))) return 26;
        if (install.Any(s => InstallTo(s) == "Missions")) return 25;
        if (install.Any(s => s.ContainsKey("include_only") || s.ContainsKey("include_only_regexp"))) return 24;
        if (licenses.Contains("Unlicense") || install.Any(s => s.ContainsKey("as"))) return 18;
        if (json.ContainsKey("ksp_version_strict")
            || install.Any(s => InstallTo(s)?.StartsWith("Ships/@thumbs", StringComparison.Ordinal) == true || s.ContainsKey("find_matches_files"))) return 16;
        if (install.Any(s => InstallTo(s) == "Scenarios")) return 14;
        if (install.Any(s => InstallTo(s)?.StartsWith("Ships/", StringComparison.Ordinal) == true)) return 12;
        if (install.Any(s => s.ContainsKey("find_regexp") || s.ContainsKey("filter_regexp"))) return 10;
        if (json["license"] is JsonArray) return 8;
        if (json.GetString("kind") == "metapackage") return 6;
        if (install.Any(s => s.ContainsKey("find"))) return 4;
        if (licenses.Contains("WTFPL") || json.ContainsKey("supports")
            || install.Any(s => InstallTo(s)?.StartsWith("GameData/", StringComparison.Ordinal) == true)) return 2;
        return 0;
    }

    /// <summary><c>1</c> (an integer) for v1.0, otherwise the string <c>"v1.NN"</c>.</summary>
    public static JsonNode ToJson(int minor) => minor == 0 ? JsonValue.Create(1) : JsonValue.Create($"v1.{minor}");

    /// <summary>The minor number of a spec_version value (1, "1", "v1.NN"); null when unreadable.</summary>
    public static int? Parse(JsonNode? node)
    {
        var text = node.AsString();
        if (text is null) return null;
        if (text == "1") return 0;
        if (text.StartsWith("v1.", StringComparison.Ordinal) && int.TryParse(text[3..], out var minor)) return minor;
        return null;
    }
}
