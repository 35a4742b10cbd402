using NetKAN.Bus.Metadata.Ckan;
using NetKAN.Bus.Services.Mirrorer;

namespace NetKAN.Bus.Services.Tests.Mirrorer;

/// <summary>The original mirrorer's naming and metadata rules, with the expected values of its own tests.</summary>
public sealed class CkanMirrorTests
{
    private const string Redistributable = """
        {
            "spec_version": "v1.4",
            "identifier":   "AwesomeMod",
            "name":         "Awesome Mod",
            "abstract":     "A great mod",
            "version":      "1.0.0",
            "ksp_version":  "1.7.3",
            "author":       [ "techman83", "DasSkelett", "politas" ],
            "license":      [ "CC-BY-NC-SA-4.0", "GPL-3.0", "MIT" ],
            "download_content_type": "application/zip",
            "download_size": 33333,
            "download_hash": {
                "sha1": "DF564E21929EA07C624F822E5C43B7D0A3B0DBDF"
            }
        }
        """;

    private static CkanMirror Mirror(string json) => new(CkanModule.Parse(json), "kspckanmods");

    [Fact]
    public void A_module_under_redistributable_licences_can_be_mirrored()
    {
        var mirror = Mirror(Redistributable);

        Assert.True(mirror.Redistributable);
        Assert.Null(mirror.SkipReason);
    }

    [Fact]
    public void Names_title_and_description_are_the_originals()
    {
        var mirror = Mirror(Redistributable);

        Assert.Equal("AwesomeMod-1.0.0", mirror.Item);
        Assert.Equal("DF564E21-AwesomeMod-1.0.0.zip", mirror.FileName);
        Assert.Equal("Awesome Mod - 1.0.0", mirror.Title);
        Assert.Equal("A great mod<br><br>License(s): CC-BY-NC-SA-4.0 GPL-3.0 MIT", mirror.Description);
        Assert.Equal("AwesomeMod-1.0.0.source.zip", mirror.SourceFileName);
    }

    [Fact]
    public void Licence_urls_and_item_metadata_are_the_originals()
    {
        var mirror = Mirror(Redistributable);
        string[] urls =
        [
            "http://creativecommons.org/licenses/by-nc-sa/4.0",
            "http://www.gnu.org/licenses/gpl-3.0.en.html",
            "https://opensource.org/licenses/MIT",
        ];

        Assert.Equal(urls, mirror.LicenseUrls);
        Assert.Equal(
        [
            ("title", new[] { "Awesome Mod - 1.0.0" }),
            ("description", ["A great mod<br><br>License(s): CC-BY-NC-SA-4.0 GPL-3.0 MIT"]),
            ("creator", ["techman83", "DasSkelett", "politas"]),
            ("collection", ["kspckanmods"]),
            ("subject", ["ksp; kerbal space program; mod"]),
            ("mediatype", ["software"]),
            ("licenseurl", urls),
        ], mirror.Metadata.Select(x => (x.Key, x.Value.ToArray())));
    }

    [Fact]
    public void Metadata_becomes_archive_headers_with_values_holding_spaces_uri_encoded()
    {
        var headers = ArchiveClient.MetadataHeaders(Mirror(Redistributable).Metadata).ToList();

        Assert.Equal(
        [
            new("x-archive-meta00-title", "uri(Awesome%20Mod%20-%201.0.0)"),
            new("x-archive-meta00-description", "uri(A%20great%20mod%3Cbr%3E%3Cbr%3ELicense%28s%29%3A%20CC-BY-NC-SA-4.0%20GPL-3.0%20MIT)"),
            new("x-archive-meta00-creator", "techman83"),
            new("x-archive-meta01-creator", "DasSkelett"),
            new("x-archive-meta02-creator", "politas"),
            new("x-archive-meta00-collection", "kspckanmods"),
            new("x-archive-meta00-subject", "uri(ksp%3B%20kerbal%20space%20program%3B%20mod)"),
            new("x-archive-meta00-mediatype", "software"),
            new("x-archive-meta00-licenseurl", "http://creativecommons.org/licenses/by-nc-sa/4.0"),
            new("x-archive-meta01-licenseurl", "http://www.gnu.org/licenses/gpl-3.0.en.html"),
            new KeyValuePair<string, string>("x-archive-meta02-licenseurl", "https://opensource.org/licenses/MIT"),
        ], headers);
    }

    [Fact]
    public void A_restricted_licence_cannot_be_mirrored()
    {
        var mirror = Mirror("""
            {
                "spec_version": "v1.4",
                "identifier":   "AwesomeMod",
                "version":      "1.0.0",
                "author":       [ "techman83", "DasSkelett", "politas" ],
                "license":      "restricted",
                "download_content_type": "application/zip"
            }
            """);

        Assert.False(mirror.Redistributable);
        Assert.Equal("License(s) restricted do not allow redistribution", mirror.SkipReason);
    }

    [Theory]
    [InlineData("{\"identifier\":\"X\",\"version\":\"1\",\"kind\":\"metapackage\",\"license\":\"MIT\"}", "kind 'metapackage' is not a package")]
    [InlineData("{\"identifier\":\"X\",\"version\":\"1\",\"license\":\"MIT\",\"download_content_type\":\"application/x-7z-compressed\"}",
        "download_content_type 'application/x-7z-compressed' is not one the mirror handles")]
    public void Other_kinds_and_content_types_are_skipped_with_a_reason(string json, string reason) =>
        Assert.Equal(reason, Mirror(json).SkipReason);

    [Fact]
    public void An_epoch_becomes_a_dash_and_odd_characters_leave_the_item_name()
    {
        var mirror = Mirror("""
            { "identifier": "X", "name": "X", "version": "1:0.2 beta+3", "license": "MIT",
              "download_content_type": "application/x-gzip", "download_hash": { "sha256": "0123456789ABCDEF" } }
            """);

        Assert.Equal("X-1-0.2_beta3", mirror.Item);
        Assert.Equal("01234567-X-1-0.2_beta+3.gz", mirror.FileName); // not sanitised, as the original
        Assert.Equal("X - 1-0.2_beta+3", mirror.Title);
        Assert.Equal("https://archive.org/download/X-1-0.2_beta+3/01234567-X-1-0.2_beta+3.gz", mirror.MirrorDownloadUrl);
        Assert.Equal("0.2_beta+3", CkanMirror.FormatVersion("1:0.2 beta+3", withEpoch: false));
    }

    [Theory]
    [InlineData("https://github.com/HebaruSan/Astrogator/releases", "master", "https://github.com/HebaruSan/Astrogator/archive/master.zip")]
    [InlineData("https://github.com/HebaruSan/Astrogator/releases", "primary", "https://github.com/HebaruSan/Astrogator/archive/primary.zip")]
    [InlineData("https://gitlab.com/N70/Kerbalism/", "master", "https://gitlab.com/N70/Kerbalism/-/archive/master/Kerbalism-master.zip")]
    [InlineData("https://bitbucket.org/blowfishpro/b9-aerospace/src", "master", "https://bitbucket.org/blowfishpro/b9-aerospace/get/master.zip")]
    [InlineData("https://forum.kerbalspaceprogram.com/index.php?/topic/1", "master", null)]
    [InlineData(null, "master", null)]
    public void Source_archive_urls_follow_the_host(string? repository, string branch, string? expected) =>
        Assert.Equal(expected, CkanMirror.SourceDownload(repository, branch));
}
