using System.Text.Json.Nodes;
using System.Text.RegularExpressions;
using NetKAN.Bus.Metadata.Documents;
using NetKAN.Bus.TestSupport;

namespace NetKAN.Bus.Inflator.Tests;

/// <summary>
/// Real netkans from the corpus, inflated against fakes that answer like SpaceDock and GitHub would, with packages
/// built from the netkan's own install stanzas. The produced .ckan is compared with a checked-in snapshot under
/// Expected/ (the fake's port is replaced by <c>http://upstream</c>). Set UPDATE_EXPECTED=1 to rewrite snapshots.
/// </summary>
public sealed class CorpusTests
{
    /// <summary>How one corpus netkan is exercised.</summary>
    public sealed record Case(string Identifier)
    {
        public string Version { get; init; } = "1.2.3";
        public string? GitHubTag { get; init; }
        public string? SpaceDockVersion { get; init; }
        public string? AssetName { get; init; }
        public string? HighestVersion { get; init; }
        public string AvcVersion { get; init; } = "1.2.3";
        public string? VersionFilePath { get; init; }
        public string? AvcUrl { get; init; }
        public bool Localized { get; init; }
        public bool Prerelease { get; init; }
        public string[] ExtraFiles { get; init; } = [];
        public bool ExpectStaged { get; init; }
        public string? ExpectError { get; init; }
        public string? SdLicense { get; init; } = "GPLv3";
        public string? MetaTarget { get; init; }
        public override string ToString() => Identifier;
    }

    public static TheoryData<Case> Cases => new(
    [
        new Case("Astrogator"),                                              // GitHub plain, netkan licence
        new Case("AATI-Flags") { SpaceDockVersion = "1" },                   // SpaceDock, find stanza, override of ksp_version_min
        new Case("100special") { SdLicense = "CC BY-NC-SA 4.0" },            // licence from the host, default stanza
        new Case("APPLE") { AssetName = "APPLE-1.2.3.zip" },                 // version_from_asset + SpaceDock merge
        new Case("DatedQuickSaves") { AssetName = "DatedQuickSaves_Magico13-1.2.3.zip" },
        new Case("AdvancedFlyByWire") { AssetName = "ksp-advanced-flybywire-win-1.2.3.zip" }, // asset_match, GameRoot files
        new Case("4kSPExpanded") { Localized = true },                       // multi-doc, x_via, AVC, localizations
        new Case("ALCOR"),                                                   // multi-doc with supports/relationships
        new Case("AirParkContinued") { HighestVersion = "1:1.2.0" },         // epoch on one host, auto-epoch aligns the other
        new Case("AviationLights") { Version = "3.13", HighestVersion = "1:v3.12" },           // force_v + epoch
        new Case("B9PartSwitch") { Version = "2.20.0" },                     // force_v on GitHub, default stanza
        new Case("AutoResupply") { GitHubTag = "v1.2.3" },                   // version_edit on one host, filter_regexp
        new Case("AdvancedAtmosphereTools") { GitHubTag = "v1.2.3" },        // version_edit object (strict 'false'), ksp_version 1.12
        new Case("BuoyancyAdjuster") { ExtraFiles = ["Pkg/GameData/BuoyancyAdjuster/Sample Craft/b.craft"] }, // as, Ships
        new Case("MK12PodIVAReplacementbyASET") { HighestVersion = "1:1.0" },
        new Case("CST100Starliner") { ExtraFiles = ["Pkg/Ships/VAB/Starliner.craft"] }, // find_regexp + find_matches_files
        new Case("CommunityDeltaVMaps") { ExtraFiles = ["Maps/Delta-V Map.ksp"] },    // find_regexp to a GameData subfolder
        new Case("BetterRocketDesigns"),                                     // x_netkan_github prereleases false, ksp_version
        new Case("KerbalAlarmClock") { Version = "v3.7.1.0", AvcVersion = "3.7.1.0", HighestVersion = "1:v3.7.0.0" }, // override after avc
        new Case("HeapPadder"),                                              // two overrides after spacedock
        new Case("DockRotate") { Version = "v1.0", HighestVersion = "v9.0" },// allow_out_of_order
        new Case("CryoTanks") { VersionFilePath = "Pkg/CryoTanks/CryoTanks.version", ExtraFiles = ["Pkg/CryoTanks/Other.version"] }, // $vref path
        new Case("BluedogDB-Methalox") { VersionFilePath = "Pkg/MethaloxEngines/Bluedog_DB.version" },
        new Case("AircraftCarrierAccessories") { HighestVersion = "1:1.0" },// epoch, Ships/SPH via find with a slash
        new Case("AnimationInitialization") { ExtraFiles = ["Pkg/AnimationInitialization/x.pdb"] },
        new Case("AGExt"),                                                   // file stanza, netkan resources kept
        new Case("ActiveStruts"),
        new Case("WildBlueTools") { ExpectStaged = true },                   // x_netkan_staging + reason
        new Case("RaceKerbol") { ExtraFiles = ["saves/scenarios/race1.sfs"], ExpectStaged = true }, // hard-coded 1.0.4: staged
        new Case("ProceduralFairings")                                       // metanetkan via the contents API, licence_ok
        {
            MetaTarget = "identifier: ProceduralFairings\n$kref: '#/ckan/github/KSP-RO/ProceduralFairings'\nlicense: CC-BY-4.0\ninstall:\n  - find: ProceduralFairings\n    install_to: GameData\n",
            HighestVersion = "1:1.0",
        },
        new Case("Kopernicus") { Version = "1.2.3", AssetName = "Kopernicus-1.12.1-1.2.3.zip", VersionFilePath = "GameData/Kopernicus/Plugins/Kopernicus.version", HighestVersion = "2:release-9" },
        new Case("AdvancedFlyByWire-Linux") { AssetName = "ksp-advanced-flybywire-linux-1.2.3.zip" },
        new Case("Achievements"),
        new Case("DistantObject-default"),
    ]);

    [Theory]
    [MemberData(nameof(Cases))]
    public async Task Inflates_like_the_snapshot(Case c)
    {
        var text = await File.ReadAllTextAsync(Path.Combine(Corpus.NetKanDir, c.Identifier + ".netkan"));
        var documents = NetkanParser.Parse(text, c.Identifier);
        await using var h = await InflatorHarness.StartAsync();
        if (c.MetaTarget is not null)
        {
            documents = [.. documents, .. NetkanParser.Parse(c.MetaTarget, "target")];
        }
        var zip = BuildPackage(documents, c);
        RegisterHosts(h.Fake, documents, c, zip);

        var result = await h.InflateAsync(text, c.Identifier, c.HighestVersion);

        if (c.ExpectError is { } error)
        {
            Assert.Equal(error, result.ErrorMessage);
            return;
        }
        Assert.True(result.Success, result.ErrorMessage);
        Assert.Equal(c.ExpectStaged, result.Staged);
        var module = Assert.Single(result.Modules);
        var actual = h.Normalize(module.Ckan);
        var expectedPath = Path.Combine(SharedFolder.RepoRoot, "tests", "Inflator.Tests", "Expected", c.Identifier + ".ckan");
        if (Environment.GetEnvironmentVariable("UPDATE_EXPECTED") == "1" || !File.Exists(expectedPath))
        {
            await File.WriteAllTextAsync(expectedPath, actual);
            Assert.Fail($"Snapshot written to {expectedPath}; review it and run again.");
        }
        Assert.Equal(await File.ReadAllTextAsync(expectedPath), actual);
        var json = JsonNode.Parse(module.Ckan)!.AsObject();
        Assert.Equal(c.Identifier, (string?)json["identifier"]);
        Assert.Equal("netkan", (string?)json["x_generated_by"]);
        Assert.DoesNotContain(json, kv => kv.Key.StartsWith("x_netkan", StringComparison.Ordinal) || kv.Key.StartsWith('$'));
        Assert.Equal(module.FileName, $"{c.Identifier}-{module.Version.Replace(':', '-')}.ckan");
    }

    internal static void RegisterHosts(CannedUpstream fake, IReadOnlyList<JsonObject> documents, Case c, byte[] zip, string packagePrefix = "")
    {
        foreach (var doc in documents)
        {
            var kref = (string?)doc["$kref"] ?? "";
            var meta = Regex.Match(kref, "^#/ckan/netkan/https://raw.githubusercontent.com/(?<owner>[^/]+)/(?<repo>[^/]+)/(?<branch>[^/]+)/(?<path>.+)$");
            if (meta.Success)
            {
                fake.Get($"/ghapi/repos/{meta.Groups["owner"]}/{meta.Groups["repo"]}/contents/{meta.Groups["path"]}?ref={meta.Groups["branch"]}",
                    FakeResponse.Json(c.MetaTarget!));
                continue;
            }
            var sd = Regex.Match(kref, "^#/ckan/spacedock/(\\d+)$");
            if (sd.Success)
            {
                var id = int.Parse(sd.Groups[1].Value);
                var path = $"/dl/{c.Identifier}-{id}.zip";
                fake.SpaceDockMod(id, c.Identifier + " (SpaceDock)", [new SdVersion(id * 10, c.SpaceDockVersion ?? c.Version, path)],
                    license: c.SdLicense ?? "MIT", sharedAuthors: ["co-author"], website: "https://forum.example/topic/1");
                fake.SpaceDockFile(path, zip);
                continue;
            }
            var gh = Regex.Match(kref, "^#/ckan/github/(?<owner>[^/]+)/(?<repo>[^/]+)");
            if (gh.Success)
            {
                var owner = gh.Groups["owner"].Value;
                var repo = gh.Groups["repo"].Value;
                var asset = c.AssetName ?? GuessAssetName(kref, repo, c.Version);
                var url = fake.Package($"{packagePrefix}{owner}/{asset}", zip);
                fake.GitHubRepo(owner, repo, [new GhRelease(c.GitHubTag ?? c.Version, Prerelease: c.Prerelease, Author: owner).Asset(asset, url)],
                    hasWiki: true, wikiExists: false, homepage: null);
                fake.Get($"/ghapi/repos/{owner}/{repo}/zipball/{c.GitHubTag ?? c.Version}", FakeResponse.Bytes(zip));
            }
        }
    }

    /// <summary>An asset name that the kref's asset_match / version_from_asset pattern accepts, when one is easy to make.</summary>
    internal static string GuessAssetName(string kref, string repo, string version)
    {
        var fallback = $"{repo}-{version}.zip";
        var m = Regex.Match(kref, "/(?:asset_match|version_from_asset)/(?<re>.+)$");
        if (!m.Success)
        {
            return fallback;
        }
        var pattern = new Regex(m.Groups["re"].Value);
        var literal = Regex.Replace(m.Groups["re"].Value, @"\(\?<version>[^)]*\)", version);
        literal = Regex.Replace(literal, @"\[\^[^\]]*\][+*]\??|\.[+*]\??|\\[dw][+*]?", "x");
        literal = literal.Replace("\\.", ".").Replace("^", "").Replace("$", "").Replace("(", "").Replace(")", "").Replace("?", "").Replace("|", "");
        foreach (var candidate in new[] { literal, literal + ".zip", $"{repo}-{literal}.zip", fallback })
        {
            if (pattern.IsMatch(candidate))
            {
                return candidate;
            }
        }
        return fallback;
    }

    internal static byte[] BuildPackage(IReadOnlyList<JsonObject> documents, Case c)
    {
        var zip = new ZipBuilder();
        var paths = new HashSet<string>(StringComparer.Ordinal);
        void Add(string path, string content)
        {
            if (paths.Add(path))
            {
                zip.File(path, content);
            }
        }
        var install = documents.Select(d => d["install"] as JsonArray).FirstOrDefault(i => i is not null);
        string? firstRoot = null;
        if (install is null)
        {
            firstRoot = $"GameData/{c.Identifier}";
            Add($"{firstRoot}/{c.Identifier}.dll", "plugin");
            Add($"{firstRoot}/{c.Identifier}.cfg", "PART { name = x }");
        }
        else
        {
            foreach (var stanza in install.OfType<JsonObject>())
            {
                string? root = null;
                if ((string?)stanza["file"] is { } file)
                {
                    var last = file.Split('/')[^1];
                    if (last.Contains('.') || !file.Contains('/') && last.Contains('_') && last.EndsWith("LICENSE", StringComparison.Ordinal))
                    {
                        Add(file, "file");
                    }
                    else
                    {
                        root = file;
                        Add($"{file}/{last}.cfg", "cfg");
                    }
                }
                else if ((string?)stanza["find"] is { } find)
                {
                    if (stanza["find_matches_files"]?.GetValue<bool>() == true)
                    {
                        Add($"Pkg/{find}", "file");
                    }
                    else
                    {
                        root = $"Pkg/{find}";
                        Add($"{root}/{find.Split('/')[^1]}.cfg", "cfg");
                    }
                }
                if (root is not null)
                {
                    firstRoot ??= root;
                    foreach (var include in (stanza["include_only"] as JsonArray)?.Select(n => (string)n!) ?? [])
                    {
                        Add($"{root}/{include}", "included");
                    }
                }
            }
        }
        foreach (var extra in c.ExtraFiles)
        {
            Add(extra, extra.EndsWith(".version", StringComparison.Ordinal) ? Hosts.AvcFile("0.0.1") : "extra");
        }
        if (documents.Any(d => ((string?)d["$vref"])?.StartsWith("#/ckan/ksp-avc", StringComparison.Ordinal) == true))
        {
            Add(c.VersionFilePath ?? $"{firstRoot}/{c.Identifier}.version", Hosts.AvcFile(c.AvcVersion, "1.12.0", "1.12.5", c.AvcUrl));
        }
        if (c.Localized)
        {
            Add($"{firstRoot}/Localization/strings.cfg",
                "Localization\n{\n\ten-us\n\t{\n\t\t#LOC_x = X\n\t}\n\tzh-cn\n\t{\n\t\t#LOC_x = Y\n\t}\n\tes-es\n\t{\n\t}\n}\n");
        }
        return zip.Build();
    }
}
