using System.Text.Json.Nodes;
using System.Text.RegularExpressions;
using NetKAN.Bus.Inflator.Avc;
using NetKAN.Bus.Inflator.Downloads;
using NetKAN.Bus.Inflator.Install;
using NetKAN.Bus.Inflator.Json;
using NetKAN.Bus.Inflator.Transformers;
using NetKAN.Bus.Contracts.Games;
using NetKAN.Bus.Metadata.Validation;
using NetKAN.Bus.Metadata;

namespace NetKAN.Bus.Inflator.Validators;

/// <summary>
/// The original's CkanValidator, run on every finished module: CKAN module shape, spec-version gates, tags
/// (warning), licenses, relationships, install stanzas, "installs some files", known game versions, the schema and
/// Harmony. Errors throw <see cref="InflationException"/>; warnings go to the inflation's warning list.
/// </summary>
internal sealed partial class CkanValidator(PackageService packages, CkanSchemaValidator schema)
{
    private static readonly string[] RelationshipKinds = ["depends", "recommends", "suggests", "supports", "conflicts", "replaced_by"];

    public async Task ValidateAsync(JsonObject ckan, JsonObject netkan, InflationContext context, CancellationToken ct)
    {
        var identifier = ckan.GetString("identifier") ?? context.Identifier;
        IsCkanModule(ckan, identifier);
        NetkanValidator.ValidateIdentifier(ckan, netkan.GetString("identifier") ?? context.Identifier);
        var spec = SpecVersionAnalyzer.Parse(ckan["spec_version"]) ?? 0;
        SpecGates(ckan, identifier, spec);
        if (ckan["tags"] is not JsonArray { Count: > 0 })
        {
            context.Warn("Tags not found, see https://github.com/KSP-CKAN/CKAN/wiki/Suggested-Tags");
        }
        Licenses(ckan, netkan, identifier);
        Relationships(ckan, identifier);
        InstallStanzas(ckan, identifier);
        if (ckan.GetString("kind") != "dlc" && PackageService.DownloadUrl(ckan) is not null)
        {
            await InstallsFilesAsync(ckan, identifier, context, ct).ConfigureAwait(false);
        }
        KnownGameVersions_(ckan, identifier, context.Game);
        var result = schema.Validate(ckan, $"{identifier}.ckan");
        if (!result.IsValid)
        {
            throw new InflationException($"{identifier}: Schema validation failed: {string.Join(", ", result.Errors.Select(e => e.Reason))}");
        }
    }

    private static void IsCkanModule(JsonObject ckan, string identifier)
    {
        string[] required = ["spec_version", "identifier", "name", "abstract", "author", "license", "version"];
        foreach (var field in required)
        {
            if (ckan[field] is null)
            {
                throw new InflationException($"{identifier}: not a valid CKAN module: required property '{field}' is missing");
            }
        }
        var kind = ckan.GetString("kind");
        if (kind is not ("metapackage" or "dlc") && ckan["download"] is null)
        {
            throw new InflationException($"{identifier}: not a valid CKAN module: required property 'download' is missing");
        }
    }

    private static void SpecGates(JsonObject ckan, string identifier, int spec)
    {
        void Need(bool condition, int minimum, string what)
        {
            if (condition && spec < minimum)
            {
                throw new InflationException($"{identifier}: spec_version v1.{minimum}+ required for {what}");
            }
        }
        var licenses = ckan["license"].AsStringList() ?? [];
        Need(ckan["download"] is JsonArray, 34, "download as array");
        Need(ckan["license"] is JsonArray, 8, "license as array");
        Need(licenses.Contains("WTFPL"), 2, "license WTFPL");
        Need(licenses.Contains("Unlicense"), 18, "license Unlicense");
        Need(licenses.Contains("MPL-2.0"), 30, "license MPL-2.0");
        Need(ckan.ContainsKey("supports"), 2, "supports");
        Need(ckan.ContainsKey("ksp_version_strict"), 16, "ksp_version_strict");
        Need(ckan.ContainsKey("replaced_by"), 26, "replaced_by");
        Need(ckan.GetString("kind") == "metapackage", 6, "kind metapackage");
        Need(ckan.GetString("kind") == "dlc", 28, "kind dlc");
    }

    private static void Licenses(JsonObject ckan, JsonObject netkan, string identifier)
    {
        if (netkan["x_netkan_license_ok"].AsBool() == true)
        {
            return;
        }
        var licenses = ckan["license"].AsStringList();
        if (licenses is null || licenses.Count == 0)
        {
            throw new InflationException($"{identifier}: License should match spec");
        }
        foreach (var license in licenses)
        {
            if (!KnownLicenses.All.Contains(license))
            {
                throw new InflationException($"{identifier}: License {license} should match spec");
            }
        }
    }

    private static void Relationships(JsonObject ckan, string identifier)
    {
        foreach (var kind in RelationshipKinds)
        {
            var node = ckan[kind];
            IEnumerable<JsonNode?> entries = node switch
            {
                null => [],
                JsonArray array => array,
                JsonObject single when kind == "replaced_by" => [single],
                _ => throw new InflationException($"{identifier}: {kind} should be an array"),
            };
            foreach (var entry in entries)
            {
                if (entry is not JsonObject rel)
                {
                    throw new InflationException($"{identifier}: {kind} entries should be objects, not {entry?.ToJsonString()}");
                }
                CheckRelationship(rel, kind, identifier);
                if (rel["any_of"] is JsonArray anyOf)
                {
                    foreach (var forbidden in new[] { "name", "min_version", "max_version", "version" })
                    {
                        if (rel.ContainsKey(forbidden))
                        {
                            throw new InflationException($"{identifier}: {forbidden} is not valid in the same {kind} relationship as 'any_of'");
                        }
                    }
                    foreach (var option in anyOf)
                    {
                        if (option is not JsonObject o)
                        {
                            throw new InflationException($"{identifier}: {kind} any_of entries should be objects");
                        }
                        CheckRelationship(o, kind, identifier);
                    }
                }
            }
        }
    }

    private static void CheckRelationship(JsonObject rel, string kind, string identifier)
    {
        if (rel.GetString("name") is { } name && !ModIdentifier.IsValid(name))
        {
            throw new InflationException($"{identifier}: {name} in {kind} is not a valid CKAN identifier");
        }
        if (rel.ContainsKey("version_min") || rel.ContainsKey("version_max"))
        {
            throw new InflationException($"{identifier}: version_min and version_max in {kind} are not valid, use min_version and max_version");
        }
    }

    private static void InstallStanzas(JsonObject ckan, string identifier)
    {
        if (ckan["install"] is not JsonArray install)
        {
            return;
        }
        foreach (var stanza in install.OfType<JsonObject>())
        {
            if (stanza.GetString("install_to") is not { } installTo)
            {
                throw new InflationException($"{identifier}: install stanza missing `install_to`: {stanza.ToJsonString()}");
            }
            foreach (var key in new[] { "find", "file", "install_to" })
            {
                if (stanza.GetString(key) is not { } path)
                {
                    continue;
                }
                if (path.Length == 0)
                {
                    throw new InflationException($"{identifier}: Install property '{key}' is empty");
                }
                var normalized = InstallPlanner.NormalizePath(path);
                if (normalized != path)
                {
                    throw new InflationException($"{identifier}: Path \"{path}\" in '{key}' is not normalized, should be \"{normalized}\"");
                }
            }
            _ = installTo;
        }
    }

    private async Task InstallsFilesAsync(JsonObject ckan, string identifier, InflationContext context, CancellationToken ct)
    {
        var contents = await packages.OpenAsync(ckan, context, ct).ConfigureAwait(false);
        if (contents is null)
        {
            return;
        }
        var stanzas = InstallStanza.For(ckan, identifier, context.Game.ModRoot);
        var files = new List<InstallableFile>();
        foreach (var stanza in stanzas)
        {
            try
            {
                files.AddRange(InstallPlanner.FindInstallableFiles(stanza, contents.Entries, context.Game, identifier));
            }
            catch (InflationException)
            {
                throw new InflationException($"{identifier}: Module contains no files matching: {stanza.DescribeMatch()}");
            }
            if (stanza.IncludeOnly is not null || stanza.IncludeOnlyRegexp is not null)
            {
                // The original warns when an include_only entry matches nothing.
                foreach (var include in stanza.IncludeOnly ?? [])
                {
                    if (!files.Any(f => f.Stanza == stanza && f.Entry.Name.ToLowerInvariant().Split('/').Contains(include.ToLowerInvariant())))
                    {
                        context.Warn($"No matches for include_only: {include}");
                    }
                }
            }
        }
        var modRoot = context.Game.ModRoot;
        foreach (var file in files)
        {
            var rest = file.Destination.StartsWith(modRoot + "/", StringComparison.Ordinal) ? file.Destination[(modRoot.Length + 1)..] : null;
            if (rest is not null && context.Game == GameId.Ksp
                && (rest.StartsWith("GameData/", StringComparison.OrdinalIgnoreCase) || rest.Contains("/GameData/", StringComparison.OrdinalIgnoreCase)
                    || rest.Equals("GameData", StringComparison.OrdinalIgnoreCase) || rest.EndsWith("/GameData", StringComparison.OrdinalIgnoreCase)))
            {
                throw new InflationException($"{identifier}: GameData directory found within GameData: {file.Destination}");
            }
        }
        var duplicates = files.Where(f => !f.Entry.IsDirectory)
            .GroupBy(f => f.Destination, StringComparer.OrdinalIgnoreCase)
            .Where(g => g.Count() > 1)
            .Select(g => g.Key)
            .ToList();
        if (duplicates.Count > 0)
        {
            throw new InflationException($"{identifier}: Multiple files attempted to install to: {string.Join(", ", duplicates)}");
        }
        HarmonyCheck(ckan, identifier, context, files);
        ContentWarnings(ckan, identifier, context, contents, files);
    }

    /// <summary>The warning-only validators that look inside the package: ModuleManager, plugins, crafts.</summary>
    private static void ContentWarnings(JsonObject ckan, string identifier, InflationContext context, PackageContents contents,
        List<InstallableFile> files)
    {
        var installed = files.Where(f => !f.Entry.IsDirectory).ToList();
        var dependsOnMm = (ckan["depends"] as JsonArray)?.OfType<JsonObject>()
            .Any(r => r.GetString("name") == "ModuleManager"
                      || ((r["any_of"] as JsonArray)?.OfType<JsonObject>().Any(a => a.GetString("name") == "ModuleManager") ?? false)) ?? false;
        var mmFiles = installed
            .Where(f => f.Entry.Name.EndsWith(".cfg", StringComparison.OrdinalIgnoreCase))
            .Where(f => ModuleManagerSyntax().IsMatch(contents.ReadText(f.Entry)))
            .Select(f => f.Entry.Name)
            .ToList();
        if (mmFiles.Count > 0 && !dependsOnMm)
        {
            context.Warn($"ModuleManager syntax used without ModuleManager dependency: {string.Join(", ", mmFiles)}");
        }
        else if (mmFiles.Count == 0 && dependsOnMm && identifier != "ModuleManager")
        {
            context.Warn("ModuleManager dependency may not be needed, no ModuleManager syntax found");
        }

        var dlls = installed.Where(f => f.Entry.Name.EndsWith(".dll", StringComparison.OrdinalIgnoreCase))
            .Select(f => Path.GetFileNameWithoutExtension(f.Entry.Name))
            .ToList();
        if (dlls.Count > 0)
        {
            var plugins = dlls.Where(d => !d.Equals("MiniAVC", StringComparison.OrdinalIgnoreCase) && !d.StartsWith("MiniAVC-", StringComparison.OrdinalIgnoreCase)).ToList();
            if (plugins.Count > 0 && !plugins.Any(d => d.Equals(identifier, StringComparison.OrdinalIgnoreCase)))
            {
                context.Warn($"No plugin matching the identifier, manual installations won't be detected: {string.Join(", ", plugins)}");
            }
            if (ckan["ksp_version"] is null && ckan["ksp_version_max"] is null)
            {
                context.Warn("Unbounded future compatibility for module with a plugin, consider setting $vref or ksp_version or ksp_version_max");
            }
        }
        else if (installed.Any(f => f.Entry.Name.EndsWith(".cs", StringComparison.OrdinalIgnoreCase)
                                    || f.Entry.Name.EndsWith(".csproj", StringComparison.OrdinalIgnoreCase)
                                    || f.Entry.Name.EndsWith(".sln", StringComparison.OrdinalIgnoreCase)))
        {
            context.Warn("Found C# source code without DLL, consider including a compiled plugin");
        }

        var strayCrafts = installed
            .Where(f => f.Entry.Name.EndsWith(".craft", StringComparison.OrdinalIgnoreCase)
                        && !f.Destination.StartsWith("Ships/", StringComparison.Ordinal)
                        && !f.Destination.StartsWith("Missions/", StringComparison.Ordinal)
                        && !f.Destination.StartsWith("GameData/ContractPacks/", StringComparison.Ordinal))
            .Select(f => f.Entry.Name)
            .ToList();
        if (strayCrafts.Count > 0)
        {
            context.Warn($".craft files installed outside Ships folder: {string.Join(", ", strayCrafts)}");
        }
    }

    private static void HarmonyCheck(JsonObject ckan, string identifier, InflationContext context, List<InstallableFile> files)
    {
        if (context.Game != GameId.Ksp || identifier == "Harmony2")
        {
            return;
        }
        var harmonyDll = files.Any(f => !f.Entry.IsDirectory
                                        && f.Entry.Name.EndsWith(".dll", StringComparison.OrdinalIgnoreCase)
                                        && Path.GetFileName(f.Entry.Name).Contains("Harmony", StringComparison.OrdinalIgnoreCase));
        var providesHarmony1 = ckan["provides"].AsStringList()?.Contains("Harmony1") ?? false;
        if (harmonyDll && !providesHarmony1)
        {
            throw new InflationException($"{identifier}: Harmony DLL found, but Harmony1 is not in provides");
        }
        if (!harmonyDll && providesHarmony1)
        {
            context.Warn("Harmony1 provided without Harmony DLL");
        }
    }

    private static void KnownGameVersions_(JsonObject ckan, string identifier, GameId game)
    {
        var (min, max) = GameCompatibility.Range(ckan);
        if (min is null && max is null)
        {
            return;
        }
        if (!KnownGameVersions.For(game).Any(v => v.IsWithin(min, max)))
        {
            throw new InflationException($"{identifier} doesn't match any valid game version: {StagingTransformer.Describe(min, max)}");
        }
    }

    [GeneratedRegex(@"^\s*[@+$\-!%]|^\s*[a-zA-Z0-9_]+:", RegexOptions.Multiline)]
    private static partial Regex ModuleManagerSyntax();
}
