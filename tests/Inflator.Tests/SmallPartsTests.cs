using System.Security.Cryptography;
using System.Text.Json.Nodes;
using NetKAN.Bus.Inflator.Downloads;
using NetKAN.Bus.Inflator.Json;
using NetKAN.Bus.Inflator.Sources;
using NetKAN.Bus.Inflator.Transformers;

namespace NetKAN.Bus.Inflator.Tests;

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
