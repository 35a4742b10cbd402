namespace NetKAN.Bus.Services.Demo;

/// <summary>
/// A mod the demo's fake upstream serves: where it is hosted, its releases and the files inside its zip.
/// </summary>
public sealed record SampleMod(
    string Identifier,
    string Name,
    string Abstract,
    string Author,
    string License,
    string NetkanFileText,
    string Version,
    string GameVersion,
    DateTimeOffset Released,
    int? SpaceDockId = null,
    string? GitHubRepo = null,
    string? Tag = null)
{
    /// <summary>Path of the release zip on the fake download host.</summary>
    public string DownloadPath => $"/files/{Identifier}/{Identifier}-{Version}.zip";

    /// <summary>The zip's entries: a plugin, a part config with a localization block, and a KSP-AVC .version file.</summary>
    public IReadOnlyList<(string Path, string Content)> Files =>
    [
        ($"GameData/{Identifier}/Plugins/{Identifier}.dll", $"not really a plugin: {Identifier} {Version}"),
        ($"GameData/{Identifier}/Parts/{Identifier}.cfg",
            $"PART\n{{\n    name = {Identifier}Part\n    title = #{Identifier}_title\n}}\n"),
        ($"GameData/{Identifier}/Localization/en-us.cfg",
            $"Localization\n{{\n    en-us\n    {{\n        #{Identifier}_title = {Name}\n    }}\n}}\n"),
        ($"GameData/{Identifier}/{Identifier}.version",
            $$"""
            {
                "NAME": "{{Name}}",
                "VERSION": "{{Version.TrimStart('v')}}",
                "KSP_VERSION_MIN": "1.8.0",
                "KSP_VERSION_MAX": "{{GameVersion}}"
            }
            """),
        ($"GameData/{Identifier}/README.txt", $"{Name}: {Abstract}\n"),
    ];
}
