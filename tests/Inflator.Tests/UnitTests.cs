using System.Security.Cryptography;
using System.Text.Json.Nodes;
using NetKAN.Bus.Inflator.Avc;
using NetKAN.Bus.Inflator.Downloads;
using NetKAN.Bus.Inflator.Install;
using NetKAN.Bus.Inflator.Json;
using NetKAN.Bus.Inflator.Sources;
using NetKAN.Bus.Inflator.Transformers;
using NetKAN.Bus.Contracts.Games;

namespace NetKAN.Bus.Inflator.Tests;

public sealed class GameVersionTests
{
    [Theory]
    [InlineData("1.12", "1.12.0", -1)]
    [InlineData("1.12.0", "1.12.5", -1)]
    [InlineData("1.8.1", "1.10", -1)]
    [InlineData("1.12.5", "1.12.5", 0)]
    public void Compares_undefined_components_below_zero(string a, string b, int expected) =>
        Assert.Equal(expected, Math.Sign(GameVersion.Parse(a).CompareTo(GameVersion.Parse(b))));

    [Fact]
    public void Widens_never_narrows()
    {
        var json = new JsonObject { ["identifier"] = "x", ["ksp_version"] = "1.12.5", ["license"] = "MIT" };
        GameCompatibility.SetJsonCompatibility(json, null, GameVersion.Parse("1.10"), GameVersion.Parse("1.11"));
        Assert.Equal("1.10", (string?)json["ksp_version_min"]);
        Assert.Equal("1.12.5", (string?)json["ksp_version_max"]);
        Assert.Null(json["ksp_version"]);
        Assert.Equal(["identifier", "ksp_version_min", "ksp_version_max", "license"], json.Select(kv => kv.Key));
    }

    [Fact]
    public void Equal_bounds_collapse_to_ksp_version()
    {
        var json = new JsonObject { ["ksp_version_min"] = "1.12", ["ksp_version_max"] = "1.12" };
        GameCompatibility.SetJsonCompatibility(json, null, null, null);
        Assert.Equal("1.12", (string?)json["ksp_version"]);
        Assert.Single(json);
    }

    [Theory]
    [InlineData("1.12.5", "1.12", "1.12", true)]
    [InlineData("1.12.5", "1.8", "1.11", false)]
    [InlineData("1.12.5", null, "1", true)]
    [InlineData("1.3.1", "1.3", "1.3", true)]
    public void Range_membership(string version, string? min, string? max, bool within) =>
        Assert.Equal(within, GameVersion.Parse(version).IsWithin(min is null ? null : GameVersion.Parse(min), max is null ? null : GameVersion.Parse(max)));
}

public sealed class AvcTests
{
    [Fact]
    public void Parses_leniently_with_objects_wildcards_and_comments()
    {
        const string text = """
            // comment
            {
              "name": "Mod",
              "version": { "MAJOR": 1, "MINOR": 2 },
              "KSP_VERSION_MIN": { "MAJOR": 1, "MINOR": 8, "PATCH": -1 },
              "ksp_version_max": { "MAJOR": 1, "MINOR": -1 },
              "URL": "https://example.com/Mod.version",
              "GITHUB": { "USERNAME": "u", "REPOSITORY": "r" },
            }
            """;
        var avc = AvcVersionFile.Parse(text, "Mod.version");
        Assert.Equal("1.2.0", avc.Version);
        Assert.Equal("1.8", avc.KspVersionMin!.ToString());
        Assert.Equal("1", avc.KspVersionMax!.ToString());
        Assert.Equal("https://example.com/Mod.version", avc.Url);
        Assert.Equal(("u", "r"), (avc.GitHubUser, avc.GitHubRepository));
    }

    [Theory]
    [InlineData("\"1.2\"", "1.2.0")]
    [InlineData("\"1.2.3.4\"", "1.2.3.4")]
    [InlineData("{\"MAJOR\":1,\"MINOR\":2,\"PATCH\":3,\"BUILD\":0}", "1.2.3.0")]
    public void Version_rules(string version, string expected) =>
        Assert.Equal(expected, AvcVersionFile.Parse($"{{\"VERSION\": {version}}}", "x").Version);

    [Fact]
    public void Bad_json_names_the_file() =>
        Assert.StartsWith("Error parsing version file Foo.version: ",
            Assert.Throws<InflationException>(() => AvcVersionFile.Parse("{ nope", "Foo.version")).Message);

    [Fact]
    public void Raw_uri_rewrites_blob_links() =>
        Assert.Equal("https://raw.githubusercontent.com/u/r/master/x/Mod.version",
            AvcTransformer.RawUri("https://github.com/u/r/blob/master/x/Mod.version"));
}

public sealed class InstallPlannerTests
{
    private static readonly PackageEntry[] Entries =
    [
        new("Mod-1.0/", true, 0),
        new("Mod-1.0/GameData/Mod/Mod.dll", false, 10),
        new("Mod-1.0/GameData/Mod/Parts/Tank.cfg", false, 20),
        new("Mod-1.0/GameData/Mod/Source/Mod.cs", false, 30),
        new("Mod-1.0/GameData/Mod/Mod.ckan", false, 40),
        new("Mod-1.0/Extras/Documentation/Mod/readme.txt", false, 50),
        new("Mod-1.0/Ships/VAB/Rocket.craft", false, 60),
    ];

    private static IReadOnlyList<InstallableFile> Plan(string json) =>
        InstallPlanner.FindInstallableFiles(InstallStanza.Parse(JsonNode.Parse(json)!.AsObject(), "Mod"), Entries, GameId.Ksp, "Mod");

    [Fact]
    public void Find_picks_the_shortest_folder_and_strips_its_parent() =>
        Assert.Equal(["GameData/Mod/Mod.dll", "GameData/Mod/Parts/Tank.cfg", "GameData/Mod/Source/Mod.cs"],
            Plan("""{"find": "Mod", "install_to": "GameData"}""").Select(f => f.Destination));

    [Fact]
    public void Filters_and_include_only()
    {
        Assert.Equal(2, Plan("""{"find": "Mod", "install_to": "GameData", "filter": "source"}""").Count);
        Assert.Equal(2, Plan("""{"find": "Mod", "install_to": "GameData", "filter_regexp": "\\.cs$"}""").Count);
        Assert.Equal(["GameData/Mod/Parts/Tank.cfg"], Plan("""{"find": "Mod", "install_to": "GameData", "include_only": "Parts"}""").Select(f => f.Destination));
        Assert.Equal(["GameData/Mod/Mod.dll"], Plan("""{"find": "Mod", "install_to": "GameData", "include_only_regexp": "dll$"}""").Select(f => f.Destination));
    }

    [Fact]
    public void File_as_and_ships()
    {
        Assert.Equal(["GameData/Renamed/Mod.dll", "GameData/Renamed/Parts/Tank.cfg", "GameData/Renamed/Source/Mod.cs"],
            Plan("""{"file": "Mod-1.0/GameData/Mod", "install_to": "GameData", "as": "Renamed"}""").Select(f => f.Destination));
        Assert.Equal(["Ships/VAB/Rocket.craft"], Plan("""{"find_regexp": "\\.craft$", "find_matches_files": true, "install_to": "Ships/VAB"}""").Select(f => f.Destination));
    }

    [Fact]
    public void Errors_are_clear()
    {
        Assert.Equal("Mod: Could not find Nope entry in zipfile to install",
            Assert.Throws<InflationException>(() => Plan("""{"find": "Nope", "install_to": "GameData"}""")).Message);
        Assert.Equal("Mod: Unknown install_to Somewhere",
            Assert.Throws<InflationException>(() => Plan("""{"find": "Mod", "install_to": "Somewhere"}""")).Message);
        Assert.Equal("Mod: Install stanzas must only include one of file, find, or find_regexp directives",
            Assert.Throws<InflationException>(() => Plan("""{"find": "Mod", "file": "x", "install_to": "GameData"}""")).Message);
    }
}

public sealed class SmallPartsTests
{
    [Fact]
    public void Localizations_need_an_assignment_in_the_locale_block()
    {
        const string cfg = "Localization\n{\n  en-us\n  {\n    #a = b\n  }\n  fr-fr\n  {\n  }\n  ja\n  {\n    #a = c\n  }\n}\n";
        Assert.Equal(["en-us", "ja"], LocalizationsTransformer.Locales(cfg));
        Assert.Empty(LocalizationsTransformer.Locales("PART { name = x }"));
    }

    [Theory]
    [InlineData("""{"release_status": "testing"}""", 36)]
    [InlineData("""{"download_hash": {"sha256": "x"}}""", 35)]
    [InlineData("""{"download": ["a", "b"]}""", 34)]
    [InlineData("""{"depends": [{"any_of": [], "choice_help_text": "x"}]}""", 31)]
    [InlineData("""{"license": "MPL-2.0"}""", 30)]
    [InlineData("""{"install": [{"file": "a/Script", "install_to": "Ships"}]}""", 29)]
    [InlineData("""{"kind": "dlc"}""", 28)]
    [InlineData("""{"replaced_by": {"name": "x"}}""", 26)]
    [InlineData("""{"install": [{"file": "a", "install_to": "Missions"}]}""", 25)]
    [InlineData("""{"install": [{"file": "a", "install_to": "GameData", "include_only": "x"}]}""", 24)]
    [InlineData("""{"install": [{"file": "a", "install_to": "GameData", "as": "x"}]}""", 18)]
    [InlineData("""{"ksp_version_strict": true}""", 16)]
    [InlineData("""{"install": [{"file": "a", "install_to": "Scenarios"}]}""", 14)]
    [InlineData("""{"install": [{"file": "a", "install_to": "Ships/VAB"}]}""", 12)]
    [InlineData("""{"install": [{"find_regexp": "a", "install_to": "GameData"}]}""", 10)]
    [InlineData("""{"license": ["MIT", "GPL-3.0"]}""", 8)]
    [InlineData("""{"kind": "metapackage"}""", 6)]
    [InlineData("""{"install": [{"find": "a", "install_to": "GameData"}]}""", 4)]
    [InlineData("""{"supports": []}""", 2)]
    [InlineData("""{"license": "MIT"}""", 0)]
    public void Spec_version_rules(string json, int expected) =>
        Assert.Equal(expected, SpecVersionAnalyzer.MinimumSpecVersion(JsonNode.Parse(json)!.AsObject()));

    [Theory]
    [InlineData("example.com/a b", "http://example.com/a+b")]
    [InlineData("https://x.org/[y]", "https://x.org/%5By%5D")]
    [InlineData("", null)]
    public void Normalize_uri(string raw, string? expected) => Assert.Equal(expected, UriNormalizer.Normalize(raw));

    [Theory]
    [InlineData("Kerbal_Alarm_Clock", "Kerbal Alarm Clock")]
    [InlineData("ksp-advanced-flybywire", "ksp advanced flybywire")]
    [InlineData("KSPInterstellarExtended", "KSP Interstellar Extended")]
    [InlineData("Astrogator", "Astrogator")]
    public void Repo_names_become_titles(string repo, string title) => Assert.Equal(title, GitHubTransformer.RepoNameToTitle(repo));

    [Theory]
    [InlineData("2026-03-04T05:06:07.123456+00:00", "2026-03-04T05:06:07.123456Z")]
    [InlineData("2026-03-04T05:06:07.120000+00:00", "2026-03-04T05:06:07.12Z")]
    [InlineData("2026-03-04T05:06:07Z", "2026-03-04T05:06:07Z")]
    [InlineData("2026-03-04T07:06:07+02:00", "2026-03-04T05:06:07Z")]
    public void Release_dates(string input, string expected) => Assert.Equal(expected, ReleaseDates.Normalize(input));

    [Theory]
    [InlineData(new byte[] { 0x50, 0x4B, 3, 4 }, FileKind.Zip, "application/zip")]
    [InlineData(new byte[] { 0x1F, 0x8B, 8, 0 }, FileKind.Gzip, "application/x-gzip")]
    [InlineData(new byte[] { 0x68, 0x69, 0x0A }, FileKind.Ascii, "text/plain")]
    [InlineData(new byte[] { 0, 1, 2 }, FileKind.Unknown, "application/octet-stream")]
    public void Content_types_by_magic(byte[] prefix, FileKind kind, string contentType)
    {
        Assert.Equal(kind, FileKinds.Detect(prefix));
        Assert.Equal(contentType, kind.ContentType());
    }

    [Fact]
    public void Tar_is_found_at_offset_257()
    {
        var tar = new byte[512];
        "ustar"u8.CopyTo(tar.AsSpan(257));
        Assert.Equal(FileKind.Tar, FileKinds.Detect(tar));
        Assert.Equal(FileKind.TarGz, FileKinds.Detect([0x1F, 0x8B], tar));
    }

    [Fact]
    public async Task Dual_hasher_matches_the_framework_hashes()
    {
        var bytes = RandomNumberGenerator.GetBytes(3_000_000);
        var path = Path.GetTempFileName();
        try
        {
            await File.WriteAllBytesAsync(path, bytes);
            var (sha1, sha256, length) = await DualHasher.HashFileAsync(path, CancellationToken.None);
            Assert.Equal(Convert.ToHexString(SHA1.HashData(bytes)), sha1);
            Assert.Equal(Convert.ToHexString(SHA256.HashData(bytes)), sha256);
            Assert.Equal(bytes.Length, length);
        }
        finally
        {
            File.Delete(path);
        }
    }

    [Fact]
    public void Cache_names_use_the_url_sha1_prefix() =>
        Assert.Equal(Convert.ToHexString(SHA1.HashData("https://spacedock.info/mod/1/x/download/1.0"u8))[..8],
            DownloadCache.UrlHash("https://spacedock.info/mod/1/x/download/1.0"));

    [Fact]
    public void Strip_keeps_other_x_keys()
    {
        var json = JsonNode.Parse("""{"$kref": "a", "$vref": "b", "x_netkan_epoch": 1, "x_via": "c", "resources": {"x_netkan_thing": 1, "x_screenshot": "d"}}""")!.AsObject();
        StripNetkanMetadataTransformer.Strip(json);
        Assert.Equal("""{"x_via":"c","resources":{"x_screenshot":"d"}}""", json.ToJsonString());
    }

    [Fact]
    public void Document_merge_shares_non_host_properties_later_documents_winning()
    {
        var docs = new[]
        {
            JsonNode.Parse("""{"identifier": "A", "$kref": "#/ckan/github/o/r", "x_netkan_epoch": 1, "abstract": "first"}""")!.AsObject(),
            JsonNode.Parse("""{"$kref": "#/ckan/spacedock/1", "abstract": "second", "license": "MIT"}""")!.AsObject(),
        };
        var merged = Inflator.MergeDocuments(docs);
        Assert.Equal("""{"identifier":"A","$kref":"#/ckan/github/o/r","x_netkan_epoch":1,"abstract":"second","license":"MIT"}""", merged[0].ToJsonString());
        Assert.Equal("""{"$kref":"#/ckan/spacedock/1","abstract":"second","license":"MIT","identifier":"A"}""", merged[1].ToJsonString());
    }

    [Fact]
    public void Spacedock_licences_map_to_spdx()
    {
        Assert.Equal("GPL-2.0", SpaceDockTransformer.MapLicense("GPLv2"));
        Assert.Equal("restricted", SpaceDockTransformer.MapLicense("All Rights Reserved"));
        Assert.Equal("unknown", SpaceDockTransformer.MapLicense("Other"));
        Assert.Equal("CC-BY-4.0", SpaceDockTransformer.MapLicense(" CC BY 4.0 "));
    }
}
