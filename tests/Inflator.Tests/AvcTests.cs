using NetKAN.Bus.Inflator.Avc;
using NetKAN.Bus.Inflator.Sources;
using NetKAN.Bus.Inflator.Transformers;

namespace NetKAN.Bus.Inflator.Tests;

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
