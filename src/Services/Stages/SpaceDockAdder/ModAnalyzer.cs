using System.IO.Compression;
using System.Text;
using System.Text.Json.Nodes;
using System.Text.RegularExpressions;
using NetKAN.Bus.Contracts.Games;

namespace NetKAN.Bus.Services.SpaceDockAdder;

/// <summary>What the analyzer found in a mod's archive: the netkan properties it suggests.</summary>
/// <param name="Vref"><c>#/ckan/ksp-avc</c> for a .version file, <c>#/ckan/space-warp</c> for a swinfo.json.</param>
/// <param name="Install">Install stanzas, or null when the default one (find the identifier, into the mod root) fits.</param>
public sealed record ModAnalysis(string? Vref, IReadOnlyList<string> Tags, IReadOnlyList<string> Depends, JsonArray? Install)
{
    public static readonly ModAnalysis Empty = new(null, [], [], null);
}

/// <summary>
/// The original's ModAnalyzer: looks inside a mod's zip (no other archive kinds; folder entries ignored) and suggests
/// tags, dependencies, <c>$vref</c> and install stanzas from what the .cfg files say and which files there are.
/// </summary>
public static partial class ModAnalyzer
{
    private sealed record Aspect(Regex Pattern, bool OnCfgText, string[] Tags, string[] Depends);

    private static readonly Aspect[] Aspects =
    [
        Cfg(@"^\s*[@+$\-!%]|^\s*[a-zA-Z0-9_]+:", [], ["ModuleManager"]),
        Cfg(@"^\s*PART\b", ["parts"], []),
        Cfg(@"^\s*INTERNAL\b", ["crewed", "first-person"], []),
        Cfg(@"^\s*PROP\b", ["first-person"], []),
        Cfg(@"^\s*@TechTree\b", ["tech-tree"], []),
        Cfg(@"^\s*@Kopernicus\b", ["planet-pack"], ["Kopernicus"]),
        Cfg(@"^\s*STATIC\b", ["buildings"], ["KerbalKonstructs"]),
        Cfg(@"^\s*TUFX_PROFILE\b", ["graphics"], ["TUFX"]),
        Cfg(@"^\s*CONTRACT_TYPE\b", ["career"], ["ContractConfigurator"]),
        Cfg(@"^\s*@CUSTOMBARNKIT\b", [], ["CustomBarnKit"]),
        Cfg(@"^\s*name\s*=\s*ModuleB9PartSwitch\b", [], ["B9PartSwitch"]),
        Cfg(@"^\s*name\s*=\s*ModuleWaterfallFX\b", ["graphics"], ["Waterfall"]),
        Cfg(@"^\s*VertexMitchellNetravaliHeightMap\b", [], ["VertexMitchellNetravaliHeightMap"]),
        FileName(@"\.ks$", ["config", "control"], ["kOS"]),
        FileName(@"swinfo\.json$", [], ["SpaceWarp"]),
        FileName(@"\.dll$", ["plugin"], []),
        FileName(@"\.cfg$", ["config"], []),
        FileName(@"\.patch$", ["config"], ["PatchManager"]),
        FileName(@"/(Spaces|Props)/", ["first-person"], []),
    ];

    /// <summary>Path parts (case-insensitive) that get a <c>filter</c>.</summary>
    private static readonly string[] Filters = ["__MACOSX", ".DS_Store", "Thumbs.db", ".git", ".gitignore"];

    /// <summary>File name patterns (case-sensitive) that get a <c>filter_regexp</c>.</summary>
    private static readonly string[] FilterRegexps = [@"\.mdb$", @"\.pdb$", "~$", @"\.craft$"];

    /// <summary>Analyzes a downloaded archive; anything but a readable zip yields nothing.</summary>
    public static ModAnalysis Analyze(string identifier, string archivePath, GameId game)
    {
        ZipArchive zip;
        try
        {
            zip = ZipFile.OpenRead(archivePath);
        }
        catch (InvalidDataException)
        {
            return ModAnalysis.Empty;
        }
        using (zip)
        {
            var files = zip.Entries.Where(e => !e.FullName.EndsWith('/')).ToList();
            var texts = new Dictionary<ZipArchiveEntry, string>();
            string Text(ZipArchiveEntry entry)
            {
                if (!texts.TryGetValue(entry, out var text))
                {
                    using var reader = new StreamReader(entry.Open(), new UTF8Encoding(false), detectEncodingFromByteOrderMarks: true);
                    texts[entry] = text = reader.ReadToEnd();
                }
                return text;
            }

            var tags = new List<string>();
            var depends = new List<string>();
            foreach (var aspect in Aspects)
            {
                var matched = aspect.OnCfgText
                    ? files.Any(f => f.FullName.EndsWith(".cfg", StringComparison.OrdinalIgnoreCase) && aspect.Pattern.IsMatch(Text(f)))
                    : files.Any(f => aspect.Pattern.IsMatch(f.FullName));
                if (matched)
                {
                    tags.AddRange(aspect.Tags);
                    depends.AddRange(aspect.Depends);
                }
            }
            if (tags.Contains("parts"))
            {
                tags.RemoveAll(x => x == "config");
            }

            string? vref = null;
            if (files.Any(f => f.FullName.EndsWith(".version", StringComparison.OrdinalIgnoreCase)))
            {
                vref = "#/ckan/ksp-avc";
            }
            if (files.Any(f => f.FullName.EndsWith("swinfo.json", StringComparison.OrdinalIgnoreCase)))
            {
                vref = "#/ckan/space-warp";
            }
            return new ModAnalysis(vref,
                tags.Distinct(StringComparer.Ordinal).Order(StringComparer.Ordinal).ToList(),
                depends.Distinct(StringComparer.Ordinal).ToList(),
                InstallStanzas(identifier, files, game, Text));
        }
    }

    /// <summary>The suggested <c>install</c>: find the mod's folder into the mod root (with filters), plus each
    /// VAB/SPH craft into Ships/VAB or Ships/SPH; null when that is just the default stanza.</summary>
    private static JsonArray? InstallStanzas(string identifier, IReadOnlyList<ZipArchiveEntry> files, GameId game,
        Func<ZipArchiveEntry, string> text)
    {
        var first = new JsonObject { ["find"] = FindFolder(identifier, files, game), ["install_to"] = game.ModRoot };
        var stanzas = new JsonArray(first);
        foreach (var craft in files.Where(f => f.FullName.EndsWith(".craft", StringComparison.OrdinalIgnoreCase)))
        {
            if (CraftType().Match(text(craft)) is { Success: true } type && type.Groups[1].Value is "VAB" or "SPH")
            {
                stanzas.Add(new JsonObject { ["file"] = craft.FullName, ["install_to"] = $"Ships/{type.Groups[1].Value}" });
            }
        }
        var filters = Filters.Where(filter => files.Any(f =>
            f.FullName.Split('/').Any(part => string.Equals(part, filter, StringComparison.OrdinalIgnoreCase)))).ToList();
        var regexps = FilterRegexps.Where(pattern => files.Any(f => Regex.IsMatch(f.FullName, pattern))).ToList();
        if (filters.Count > 0)
        {
            first["filter"] = Flatten(filters);
        }
        if (regexps.Count > 0)
        {
            first["filter_regexp"] = Flatten(regexps);
        }
        var isDefault = stanzas.Count == 1 && first.Count == 2
                        && (string?)first["find"] == identifier && (string?)first["install_to"] == game.ModRoot;
        return isDefault ? null : stanzas;
    }

    /// <summary>
    /// The folder to find: the only folder directly under the mod root (GameData), or the identifier's folder when
    /// there are several; otherwise a folder named like the identifier anywhere; otherwise the only top-level folder;
    /// otherwise empty (a human has to decide).
    /// </summary>
    private static string FindFolder(string identifier, IReadOnlyList<ZipArchiveEntry> files, GameId game)
    {
        var root = game.ModRoot.Split('/');
        var folders = files.Select(f => f.FullName.Split('/')[..^1]).Where(d => d.Length > 0).ToList();
        var underRoot = new Dictionary<string, string>(StringComparer.Ordinal);
        foreach (var dirs in folders)
        {
            var at = IndexOf(dirs, root);
            if (at >= 0 && at + root.Length < dirs.Length)
            {
                underRoot.TryAdd(dirs[at + root.Length], $"{dirs[at]}/{dirs[at + root.Length]}");
            }
        }
        if (underRoot.Count > 1)
        {
            return underRoot.TryGetValue(identifier, out var path) ? path : "";
        }
        if (underRoot.Count == 1)
        {
            return underRoot.Keys.Single();
        }
        if (folders.Any(d => d.Contains(identifier, StringComparer.Ordinal)))
        {
            return identifier;
        }
        var tops = folders.Select(d => d[0]).Distinct(StringComparer.Ordinal).ToList();
        return tops.Count == 1 ? tops[0] : "";
    }

    /// <summary>Where <paramref name="sequence"/> starts inside <paramref name="parts"/> (case-insensitive), or -1.</summary>
    private static int IndexOf(string[] parts, string[] sequence)
    {
        for (var start = 0; start + sequence.Length <= parts.Length; start++)
        {
            if (sequence.Select((s, i) => string.Equals(parts[start + i], s, StringComparison.OrdinalIgnoreCase)).All(x => x))
            {
                return start;
            }
        }
        return -1;
    }

    private static JsonNode Flatten(IReadOnlyList<string> values) =>
        values.Count == 1 ? JsonValue.Create(values[0]) : new JsonArray(values.Select(x => (JsonNode?)JsonValue.Create(x)).ToArray());

    private static Aspect Cfg(string pattern, string[] tags, string[] depends) =>
        new(new Regex(pattern, RegexOptions.Multiline | RegexOptions.CultureInvariant), true, tags, depends);

    private static Aspect FileName(string pattern, string[] tags, string[] depends) =>
        new(new Regex(pattern, RegexOptions.CultureInvariant), false, tags, depends);

    // None = a subassembly, which is not installed.
    [GeneratedRegex(@"^\s*type = (VAB|SPH|None)", RegexOptions.Multiline | RegexOptions.CultureInvariant)]
    private static partial Regex CraftType();
}
