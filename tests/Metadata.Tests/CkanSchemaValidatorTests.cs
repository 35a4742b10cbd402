using System.Text.Json.Nodes;
using NetKAN.Bus.Metadata.Validation;
using NetKAN.Bus.TestSupport;
using Xunit.Abstractions;

namespace NetKAN.Bus.Metadata.Tests;

public sealed class CkanSchemaValidatorTests
{
    private const string Valid = """
        {
            "spec_version": "v1.4",
            "identifier": "Foo",
            "name": "Foo",
            "abstract": "A mod",
            "author": "Someone",
            "version": "1.0",
            "license": "MIT",
            "resources": { "homepage": "https://example.com/foo" },
            "download": "https://example.com/foo-1.0.zip",
            "install": [ { "find": "Foo", "install_to": "GameData" } ],
            "release_date": "2026-08-01T12:34:56Z"
        }
        """;

    private static SchemaValidationResult Check(Action<JsonObject> change)
    {
        var module = JsonNode.Parse(Valid)!.AsObject();
        change(module);
        return CkanSchemaValidator.Default.Validate(module, "Foo-1.0.ckan");
    }

    [Fact]
    public void A_complete_module_is_valid()
    {
        var result = Check(_ => { });
        Assert.True(result.IsValid, result.ToString());
        Assert.Empty(result.Errors);
    }

    [Theory]
    [InlineData("spec_version")]
    [InlineData("identifier")]
    [InlineData("name")]
    [InlineData("abstract")]
    [InlineData("author")]
    [InlineData("license")]
    [InlineData("version")]
    [InlineData("download")]
    public void Missing_required_fields_are_named(string field)
    {
        var result = Check(m => m.Remove(field));
        Assert.False(result.IsValid);
        var error = Assert.Single(result.Errors);
        Assert.Equal($"Foo-1.0.ckan: missing required property \"{field}\"", error.ToString());
        Assert.Equal("", error.Pointer);
    }

    [Fact]
    public void A_metapackage_may_omit_download()
    {
        Assert.True(Check(m => { m.Remove("download"); m["kind"] = "metapackage"; }).IsValid);
    }

    [Theory]
    [InlineData("identifier", "\"_Foo\"", "Foo-1.0.ckan: /identifier: value \"_Foo\" does not match pattern ^[A-Za-z0-9][A-Za-z0-9-]+$")]
    [InlineData("identifier", "\"Foo Bar\"", "Foo-1.0.ckan: /identifier: value \"Foo Bar\" does not match pattern ^[A-Za-z0-9][A-Za-z0-9-]+$")]
    [InlineData("license", "\"MIT-ish\"", "Foo-1.0.ckan: /license: value \"MIT-ish\" is not one of the allowed licences")]
    [InlineData("license", "[\"MIT\", \"Beerware\"]", "Foo-1.0.ckan: /license/1: value \"Beerware\" is not one of the allowed licences")]
    [InlineData("author", "42", "Foo-1.0.ckan: /author: expected a string or an array, got a number")]
    [InlineData("version", "1.0", "Foo-1.0.ckan: /version: expected a string, got a number")]
    [InlineData("download_size", "\"big\"", "Foo-1.0.ckan: /download_size: expected an integer, got a string")]
    [InlineData("ksp_version_strict", "\"yes\"", "Foo-1.0.ckan: /ksp_version_strict: expected a boolean, got a string")]
    [InlineData("download", "\"not a url\"", "Foo-1.0.ckan: /download: value \"not a url\" is not an absolute URL")]
    [InlineData("download", "\"/local/path.zip\"", "Foo-1.0.ckan: /download: value \"/local/path.zip\" is not an absolute URL")]
    [InlineData("resources", "{ \"homepage\": \"example dot com\" }", "Foo-1.0.ckan: /resources/homepage: value \"example dot com\" is not an absolute URL")]
    [InlineData("release_date", "\"last tuesday\"", "Foo-1.0.ckan: /release_date: value \"last tuesday\" is not an RFC 3339 date-time")]
    [InlineData("release_status", "\"beta\"", "Foo-1.0.ckan: /release_status: value \"beta\" is not one of \"stable\", \"testing\" or \"development\"")]
    [InlineData("ksp_version", "\"1.12.x\"", "Foo-1.0.ckan: /ksp_version: value \"1.12.x\" does not match pattern ^(any|[0-9]+(\\.[0-9]+(\\.[0-9]+)?)?)$")]
    [InlineData("spec_version", "2", "Foo-1.0.ckan: /spec_version: value 2 is above the maximum 1")]
    [InlineData("tags", "[\"Parts\"]", "Foo-1.0.ckan: /tags/0: value \"Parts\" does not match pattern ^[a-z0-9-]+$")]
    [InlineData("localizations", "[\"en-us\", \"en-us\"]", "Foo-1.0.ckan: /localizations: items must be unique, but \"en-us\" appears more than once")]
    [InlineData("depends", "[ { \"min_version\": \"1.0\" } ]", "Foo-1.0.ckan: /depends/0: missing required property \"name\"")]
    [InlineData("install", "[ { \"find\": \"Foo\" } ]", "Foo-1.0.ckan: /install/0: missing required property \"install_to\"")]
    [InlineData("install", "[ { \"find\": \"Foo\", \"file\": \"Foo\", \"install_to\": \"GameData\" } ]", "Foo-1.0.ckan: /install/0: must have exactly one of \"file\", \"find\" or \"find_regexp\", not several")]
    [InlineData("install", "[ { \"install_to\": \"GameData\" } ]", "Foo-1.0.ckan: /install/0: must have exactly one of \"file\", \"find\" or \"find_regexp\"")]
    [InlineData("license", "5", "Foo-1.0.ckan: /license: expected a string or an array, got a number")]
    [InlineData("depends", "[ { \"name\": \"Bar\", \"any_of\": [] } ]", "Foo-1.0.ckan: /depends/0: value {\"name\":\"Bar\",\"any_of\":[]} matches more than one of the allowed forms")]
    [InlineData("install", "[ { \"find\": \"Foo\", \"install_to\": \"GameData\", \"filter\": \"a\", \"include_only\": \"b\" } ]", "Foo-1.0.ckan: /install/0: must not combine \"filter\" and \"include_only\"")]
    public void Invalid_values_are_reported_with_file_field_and_rule(string field, string json, string message)
    {
        var result = Check(m => m[field] = JsonNode.Parse(json));
        Assert.False(result.IsValid);
        var error = Assert.Single(result.Errors);
        Assert.Equal(message, error.ToString());
    }

    [Fact]
    public void Install_to_lists_what_is_allowed()
    {
        var result = Check(m => m["install"] = JsonNode.Parse("""[ { "find": "Foo", "install_to": "Somewhere" } ]"""));
        var error = Assert.Single(result.Errors);
        Assert.Equal("/install/0/install_to", error.Pointer);
        Assert.StartsWith("value \"Somewhere\" is not allowed here; it must be \"GameData\", \"Ships\"", error.Message);
        Assert.Contains("text matching ^GameData/", error.Message);
    }

    [Fact]
    public void Several_problems_are_all_reported()
    {
        var result = Check(m =>
        {
            m.Remove("abstract");
            m["license"] = "MIT-ish";
            m["identifier"] = "-bad";
        });
        Assert.Equal(3, result.Errors.Count);
        Assert.Contains(result.Errors, e => e.Reason == "missing required property \"abstract\"");
        Assert.Contains(result.Errors, e => e.Reason == "/license: value \"MIT-ish\" is not one of the allowed licences");
        Assert.Contains(result.Errors, e => e.Pointer == "/identifier" && e.Keyword == "pattern");
        Assert.StartsWith("Foo-1.0.ckan: ", result.ToString());
    }

    [Fact]
    public void Text_that_is_not_json_is_an_error_not_an_exception()
    {
        var result = CkanSchemaValidator.Default.ValidateText("{ \"identifier\": "u8, "Broken.ckan");
        var error = Assert.Single(result.Errors);
        Assert.StartsWith("Broken.ckan: not valid JSON", error.ToString());
    }

    [Fact]
    public void Files_are_read_with_or_without_a_byte_order_mark()
    {
        using var dir = new TempDir();
        var path = dir.Combine("Foo-1.0.ckan");
        File.WriteAllText(path, Valid, new System.Text.UTF8Encoding(encoderShouldEmitUTF8Identifier: true));
        var result = CkanSchemaValidator.Default.ValidateFile(path);
        Assert.True(result.IsValid, result.ToString());
        Assert.Equal(path, result.FileName);

        var missing = CkanSchemaValidator.Default.ValidateFile(dir.Combine("Nope.ckan"));
        Assert.StartsWith($"{dir.Combine("Nope.ckan")}: cannot read the file", Assert.Single(missing.Errors).ToString());
    }

    [Fact]
    public void A_schema_can_be_given_as_a_path_or_as_text()
    {
        var fromPath = new CkanSchemaValidator(SharedFolder.SchemaPath);
        var fromText = new CkanSchemaValidator(File.ReadAllText(SharedFolder.SchemaPath));
        var module = JsonNode.Parse(Valid)!;
        Assert.True(fromPath.Validate(module, "Foo.ckan").IsValid);
        Assert.True(fromText.Validate(module, "Foo.ckan").IsValid);
        Assert.False(fromText.Validate(JsonNode.Parse("{}")!, "Empty.ckan").IsValid);

        // The embedded copy is the shared schema.
        Assert.Equal(File.ReadAllText(SharedFolder.SchemaPath), CkanSchemaValidator.ReadEmbeddedSchema());
    }

}

[Collection(nameof(TimedCollection))]
public sealed class CkanSchemaValidatorTimingTests(ITestOutputHelper output)
{
    [Fact]
    public void Every_CKAN_meta_file_is_valid_and_the_corpus_takes_well_under_ten_seconds()
    {
        var paths = CkanCorpus.Files.Select(f => f.Path).ToArray();
        var limit = TimeSpan.FromSeconds(10);
        var (results, elapsed) = Timing.BestOf(3, limit, () => new CkanSchemaValidator().ValidateFiles(paths));
        output.WriteLine($"{results.Count} files validated in {elapsed.TotalSeconds:F2} s (fresh validator each time, {Environment.ProcessorCount} cores)");

        var invalid = results.Where(r => !r.IsValid).Select(r => r.ToString()).ToList();
        Assert.True(invalid.Count == 0, string.Join("\n", invalid.Take(20)));
        Assert.Equal(30_561, results.Count);
        Assert.True(elapsed < limit, $"took {elapsed}");
    }
}
