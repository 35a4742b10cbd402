using System.Text.Json.Nodes;
using NetKAN.Bus.Inflator.Install;
using NetKAN.Bus.TestSupport;
using NetKAN.Bus.Contracts.Games;

namespace NetKAN.Bus.Inflator.Tests;

/// <summary>Text the real inflator passes through untouched, and internal .ckan files that a stanza may name.</summary>
public sealed class PassThroughTests
{
    [Fact]
    public async Task A_GitHub_description_with_a_trailing_space_is_kept_verbatim()
    {
        await using var h = await InflatorHarness.StartAsync();
        var url = h.Fake.Package("Struts.zip", new ZipBuilder().File("GameData/Struts/Struts.dll", "dll").Build());
        h.Fake.GitHubRepo("o", "Struts", [new GhRelease("1.0").Asset("Struts.zip", url)], description: "Struts for your rocket ");

        var result = await h.InflateAsync("""{"identifier": "Struts", "$kref": "#/ckan/github/o/Struts", "license": "MIT"}""", "Struts");

        Assert.True(result.Success, result.ErrorMessage);
        Assert.Equal("Struts for your rocket ", (string?)JsonNode.Parse(result.Modules[0].Ckan)!["abstract"]);
    }

    [Fact]
    public void A_stanza_naming_a_ckan_file_matches_it()
    {
        PackageEntry[] entries = [new("TheMartian.ckan", false, 40), new("GameData/TheMartian/Mission.cfg", false, 20)];
        var stanza = InstallStanza.Parse(JsonNode.Parse("""{"file": "TheMartian.ckan", "install_to": "GameData"}""")!.AsObject(), "TheMartian");

        var files = InstallPlanner.FindInstallableFiles(stanza, entries, GameId.Ksp, "TheMartian");

        Assert.Equal(["GameData/TheMartian.ckan"], files.Select(f => f.Destination));
    }

    [Fact]
    public async Task Internal_ckan_files_match_but_do_not_count_in_install_size()
    {
        await using var h = await InflatorHarness.StartAsync();
        // TheMartian's real layout: the .ckan at the root, installed next to the mod by its own stanza.
        var zip = new ZipBuilder()
            .File("TheMartian.ckan", """{"abstract": "From inside", "tags": ["career"]}""")
            .File("GameData/zKB1_TheMartian/Mission.cfg", "0123456789")
            .Build();
        var url = h.Fake.Package("TheMartian.zip", zip);

        var result = await h.InflateAsync($$"""
            {"identifier": "TheMartian", "name": "The Martian", "author": "x", "license": "MIT", "version": "1.0",
             "download": "{{url}}",
             "install": [{"file": "TheMartian.ckan", "install_to": "GameData/zKB1_TheMartian"},
                         {"file": "GameData/zKB1_TheMartian", "install_to": "GameData"}]}
            """, "TheMartian");

        Assert.True(result.Success, result.ErrorMessage);
        var json = JsonNode.Parse(result.Modules[0].Ckan)!.AsObject();
        Assert.Equal(10, (long)json["install_size"]!);
        Assert.Equal("From inside", (string?)json["abstract"]);
    }
}
