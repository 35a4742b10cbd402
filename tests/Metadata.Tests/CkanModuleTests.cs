using System.Text;
using NetKAN.Bus.Metadata.Ckan;
using NetKAN.Bus.Metadata.Versions;

namespace NetKAN.Bus.Metadata.Tests;

public sealed class CkanModuleTests
{
    [Fact]
    public void Reads_the_typed_fields()
    {
        var module = CkanModule.Parse("""
            {
                "spec_version": "v1.4",
                "identifier": "Foo",
                "name": "Foo Mod",
                "abstract": "Does foo",
                "author": ["A", "B"],
                "version": "1:v1.2",
                "license": "MIT",
                "release_status": "testing",
                "resources": { "homepage": "https://h", "x_screenshot": "https://s", "x_nested": { "a": 1 } },
                "download": ["https://a/foo.zip", "https://b/foo.zip"],
                "download_size": 5000000000,
                "download_hash": { "sha1": "AA", "sha256": "BB" },
                "download_content_type": "application/zip",
                "release_date": "2026-08-01T12:34:56.937945Z"
            }
            """, "Foo-1-v1.2.ckan");

        Assert.Equal("Foo", module.Identifier);
        Assert.Equal(ModuleVersion.Parse("1:v1.2"), module.Version);
        Assert.Equal(1, module.Version.Epoch);
        Assert.Equal("testing", module.ReleaseStatus);
        Assert.True(module.IsPrerelease);
        Assert.Equal("package", module.Kind);
        Assert.Equal("Foo Mod", module.Name);
        Assert.Equal("Does foo", module.Abstract);
        Assert.Equal(["A", "B"], module.Authors);
        Assert.Equal(["MIT"], module.Licenses);
        Assert.Equal(["https://a/foo.zip", "https://b/foo.zip"], module.Downloads);
        Assert.Equal(5_000_000_000L, module.DownloadSize);
        Assert.Equal(new DownloadHash("AA", "BB"), module.DownloadHash);
        Assert.Equal("application/zip", module.DownloadContentType);
        Assert.Equal(new Dictionary<string, string> { ["homepage"] = "https://h", ["x_screenshot"] = "https://s" }, module.Resources);
        Assert.Equal(new DateTimeOffset(2026, 8, 1, 12, 34, 56, TimeSpan.Zero).AddTicks(9379450), module.ReleaseDate);
    }

    [Fact]
    public void Defaults_for_a_minimal_module()
    {
        var module = CkanModule.Parse("""{ "identifier": "Dlc", "version": "1.0", "kind": "dlc", "author": "Squad", "license": "restricted", "release_date": "2016-05-25T12:30:48+00:00" }""");
        Assert.Equal("dlc", module.Kind);
        Assert.False(module.IsPrerelease);
        Assert.Null(module.ReleaseStatus);
        Assert.Empty(module.Downloads);
        Assert.Null(module.DownloadHash);
        Assert.Null(module.DownloadSize);
        Assert.Empty(module.Resources);
        Assert.Equal(["Squad"], module.Authors);
        Assert.Equal(["restricted"], module.Licenses);
        Assert.Equal(new DateTimeOffset(2016, 5, 25, 12, 30, 48, TimeSpan.Zero), module.ReleaseDate);
        Assert.False(CkanModule.Parse("""{ "identifier": "S", "version": "1", "release_status": "stable" }""").IsPrerelease);
        Assert.True(CkanModule.Parse("""{ "identifier": "D", "version": "1", "release_status": "development" }""").IsPrerelease);
    }

    [Theory]
    [InlineData("""{ "version": "1.0" }""", "Foo-1.0.ckan: missing required property \"identifier\"")]
    [InlineData("""{ "identifier": "Foo" }""", "Foo-1.0.ckan: missing required property \"version\"")]
    [InlineData("""{ "identifier": "Foo", "version": 1 }""", "Foo-1.0.ckan: \"version\" must be a string, not 1")]
    [InlineData("""[1, 2]""", "Foo-1.0.ckan: a .ckan file must hold a JSON object")]
    [InlineData("""{ "identifier": null, "version": "1.0" }""", "Foo-1.0.ckan: missing required property \"identifier\"")]
    [InlineData("""{ "identifier": "Foo", "version": { "a": [1, 2] } }""", "Foo-1.0.ckan: \"version\" must be a string, not {\"a\":[1,2]}")]
    [InlineData("""{ "identifier": "Foo", "version": "1.0", "identifier": "Bar" }""", "Foo-1.0.ckan: not valid JSON: Duplicate property 'identifier' encountered during deserialization.")]
    public void Errors_name_the_file(string json, string message)
    {
        var error = Assert.Throws<MetadataException>(() => CkanModule.Parse(json, "Foo-1.0.ckan"));
        Assert.Equal(message, error.Message);
    }

    [Fact]
    public void Fields_of_the_wrong_kind_read_as_absent()
    {
        var module = CkanModule.Parse("""
            { "identifier": "A", "version": "1", "author": null, "license": [1, "MIT", null, "GPL"], "download": 5,
              "download_size": 1.5, "download_hash": [], "resources": { "a": "x", "b": 1, "c": null, "d": "y" },
              "release_date": "not a date", "kind": null, "name": 3 }
            """);
        Assert.Empty(module.Authors);
        Assert.Equal(["MIT", "GPL"], module.Licenses);
        Assert.Empty(module.Downloads);
        Assert.Null(module.DownloadSize);
        Assert.Null(module.DownloadHash);
        Assert.Equal(new Dictionary<string, string> { ["a"] = "x", ["d"] = "y" }, module.Resources);
        Assert.Equal(["a", "d"], module.Resources.Keys);
        Assert.Null(module.ReleaseDate);
        Assert.Equal("package", module.Kind);
        Assert.Null(module.Name);
    }

    [Fact]
    public void Broken_json_reports_the_line()
    {
        var error = Assert.Throws<MetadataException>(() => CkanModule.Parse("{\n  \"identifier\": \"Foo\",\n  \"version\": \n}", "Foo.ckan"));
        Assert.StartsWith("Foo.ckan: line 4: not valid JSON", error.Message);
    }

    [Fact]
    public void Every_CKAN_meta_module_is_readable_and_named_after_its_folder()
    {
        var mismatches = new List<string>();
        foreach (var file in CkanCorpus.Files)
        {
            var module = CkanModule.Parse(Encoding.UTF8.GetString(file.Bytes), file.Name);
            if (module.Identifier != file.Folder)
            {
                mismatches.Add(file.Path);
            }
        }
        Assert.Empty(mismatches);
    }
}
