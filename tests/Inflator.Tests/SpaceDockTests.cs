using System.Text.Json.Nodes;
using NetKAN.Bus.TestSupport;

namespace NetKAN.Bus.Inflator.Tests;

public sealed class SpaceDockTests
{
    private const string Netkan = """
        identifier: MyMod
        $kref: '#/ckan/spacedock/123'
        $vref: '#/ckan/ksp-avc'
        tags:
          - plugin
        """;

    [Fact]
    public async Task Inflates_a_spacedock_mod_with_the_default_stanza()
    {
        await using var h = await InflatorHarness.StartAsync();
        var cfg = "Localization\n{\n    en-us\n    {\n        #a = b\n    }\n    de-de\n    {\n        #a = c\n    }\n}\n";
        var avc = Hosts.AvcFile("1.2.3", "1.11.0", "1.12.5");
        var zip = new ZipBuilder()
            .File("GameData/MyMod/MyMod.dll", "binary")
            .File("GameData/MyMod/MyMod.version", avc)
            .File("GameData/MyMod/Localization/en.cfg", cfg)
            .File("README.md", "not installed")
            .Build();
        h.Fake.SpaceDockMod(123, "My Mod", [new SdVersion(9, "1.2.3", "/mod/123/My Mod/download/1.2.3")],
            sharedAuthors: ["helper"], website: "example.com/my mod");
        h.Fake.SpaceDockFile("/mod/123/My Mod/download/1.2.3", zip);

        var result = await h.InflateAsync(Netkan, "MyMod");

        Assert.True(result.Success, result.ErrorMessage);
        var module = Assert.Single(result.Modules);
        Assert.Equal("MyMod-1.2.3.ckan", module.FileName);
        var json = JsonNode.Parse(module.Ckan)!.AsObject();
        Assert.Equal("1", json["spec_version"]!.ToJsonString());
        Assert.Equal("My Mod", (string?)json["name"]);
        Assert.Equal("1.2.3", (string?)json["version"]);
        Assert.Equal("1.11.0", (string?)json["ksp_version_min"]);
        Assert.Equal("1.12.5", (string?)json["ksp_version_max"]);
        Assert.Equal("MIT", (string?)json["license"]);
        Assert.Equal(["sd-author", "helper"], json["author"]!.AsArray().Select(a => (string)a!));
        Assert.Equal($"{h.Fake.SpaceDock}/mod/123/My%20Mod/download/1.2.3", (string?)json["download"]);
        Assert.Equal(zip.Length, (long)json["download_size"]!);
        Assert.Equal(Convert.ToHexString(System.Security.Cryptography.SHA256.HashData(zip)), (string?)json["download_hash"]!["sha256"]);
        Assert.Equal(Convert.ToHexString(System.Security.Cryptography.SHA1.HashData(zip)), (string?)json["download_hash"]!["sha1"]);
        Assert.Equal("application/zip", (string?)json["download_content_type"]);
        Assert.Equal("2026-03-04T05:06:07.123456Z", (string?)json["release_date"]);
        Assert.Equal(["de-de", "en-us"], json["localizations"]!.AsArray().Select(a => (string)a!));
        Assert.Equal("http://example.com/my+mod", (string?)json["resources"]!["homepage"]);
        Assert.Equal("netkan", (string?)json["x_generated_by"]);
        Assert.Null(json["$kref"]);
        Assert.Null(json["$vref"]);
        Assert.Equal("binary".Length + avc.Length + cfg.Length, (long)json["install_size"]!);
        Assert.EndsWith("}\n", module.Ckan);
    }
}
