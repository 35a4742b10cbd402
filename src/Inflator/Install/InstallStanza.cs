using System.Text.Json.Nodes;
using NetKAN.Bus.Inflator.Json;

namespace NetKAN.Bus.Inflator.Install;

/// <summary>One <c>install</c> stanza (CKAN's ModuleInstallDescriptor).</summary>
public sealed record InstallStanza
{
    public string? File { get; init; }
    public string? Find { get; init; }
    public string? FindRegexp { get; init; }
    public bool FindMatchesFiles { get; init; }
    public string InstallTo { get; init; } = "GameData";
    public string? As { get; init; }
    public IReadOnlyList<string>? Filter { get; init; }
    public IReadOnlyList<string>? FilterRegexp { get; init; }
    public IReadOnlyList<string>? IncludeOnly { get; init; }
    public IReadOnlyList<string>? IncludeOnlyRegexp { get; init; }

    /// <summary>The default stanza: <c>{find: identifier, install_to: GameData}</c> (the game's mod root).</summary>
    public static InstallStanza Default(string identifier, string modRoot) => new() { Find = identifier, InstallTo = modRoot };

    /// <summary>The module's stanzas, or the default one when it has no <c>install</c>.</summary>
    public static IReadOnlyList<InstallStanza> For(JsonObject module, string identifier, string modRoot) =>
        module["install"] is JsonArray array && array.Count > 0
            ? array.Select(n => Parse(n as JsonObject ?? throw new InflationException($"{identifier}: every install stanza must be an object"), identifier)).ToList()
            : [Default(identifier, modRoot)];

    public static InstallStanza Parse(JsonObject json, string identifier)
    {
        var stanza = new InstallStanza
        {
            File = json.GetString("file"),
            Find = json.GetString("find"),
            FindRegexp = json.GetString("find_regexp"),
            FindMatchesFiles = json["find_matches_files"].AsBool() ?? false,
            InstallTo = json.GetString("install_to") ?? throw new InflationException($"{identifier}: Install stanzas must have an install_to"),
            As = json.GetString("as"),
            Filter = json["filter"].AsStringList(),
            FilterRegexp = json["filter_regexp"].AsStringList(),
            IncludeOnly = json["include_only"].AsStringList(),
            IncludeOnlyRegexp = json["include_only_regexp"].AsStringList(),
        };
        var setCount = new[] { stanza.File, stanza.Find, stanza.FindRegexp }.Count(s => s is not null);
        if (setCount == 0)
        {
            throw new InflationException($"{identifier}: Install stanzas require either a file, find, or find_regexp directive");
        }
        if (setCount > 1)
        {
            throw new InflationException($"{identifier}: Install stanzas must only include one of file, find, or find_regexp directives");
        }
        if ((stanza.Filter ?? stanza.FilterRegexp) is not null && (stanza.IncludeOnly ?? stanza.IncludeOnlyRegexp) is not null)
        {
            throw new InflationException($"{identifier}: Install stanzas can only contain filter or include_only directives, not both");
        }
        return stanza;
    }

    public string DescribeMatch() =>
        File is not null ? $"file=\"{File}\""
        : Find is not null ? $"find=\"{Find}\""
        : $"find_regexp=\"{FindRegexp}\"";
}
