using System.Text;
using NetKAN.Bus.Metadata.Ckan;
using NetKAN.Bus.Metadata.Documents;
using NetKAN.Bus.Metadata.Versions;
using NetKAN.Bus.Contracts.Games;
using NetKAN.Bus.Contracts;

namespace NetKAN.Bus.Metadata.Tests.Hardening;

/// <summary>
/// Issue 13: a 60,000-level netkan overflowed the stack and killed the host. Every document read from outside has a
/// depth, size and node limit, and going past one is an ordinary <see cref="MetadataException"/> naming the file and
/// the limit.
/// </summary>
public sealed class InputLimitTests
{
    private static string NestedJson(int levels) =>
        "{\"identifier\": \"Deep\", \"x\": " + new string('[', levels) + new string(']', levels) + "}";

    [Theory]
    [InlineData(65)]
    [InlineData(50_000)]
    [InlineData(60_000)]
    public void A_netkan_nested_too_deep_is_refused_naming_the_file_and_the_limit(int levels)
    {
        var e = Assert.Throws<MetadataException>(() => NetkanParser.Parse(NestedJson(levels), "Deep.netkan"));
        Assert.Equal("Deep.netkan", e.SourceName);
        Assert.Contains("nests deeper than 64 levels", e.Message);
    }

    [Fact]
    public void The_limit_is_64_levels_counting_the_module_itself()
    {
        Assert.Single(NetkanParser.Parse(NestedJson(InputLimits.MaxDepth - 1), "Deep.netkan"));
        Assert.Throws<MetadataException>(() => NetkanParser.Parse(NestedJson(InputLimits.MaxDepth), "Deep.netkan"));
    }

    [Fact]
    public void Deep_block_style_yaml_is_refused_too()
    {
        var yaml = new StringBuilder("identifier: Deep\n");
        for (var i = 0; i < 200; i++)
        {
            yaml.Append(' ', i).Append("k:\n");
        }
        yaml.Append(' ', 200).Append("v: 1\n");
        var e = Assert.Throws<MetadataException>(() => NetkanParser.Parse(yaml.ToString(), "Deep.netkan"));
        Assert.Contains("deeper than 64", e.Message);
    }

    [Fact]
    public void Aliases_cannot_multiply_a_few_lines_into_millions_of_values()
    {
        // "Billion laughs": each level is ten copies of the one before.
        var yaml = new StringBuilder("identifier: Laughs\na0: &a0 [lol, lol, lol, lol, lol, lol, lol, lol, lol, lol]\n");
        for (var i = 1; i < 9; i++)
        {
            yaml.Append($"a{i}: &a{i} [")
                .Append(string.Join(", ", Enumerable.Repeat($"*a{i - 1}", 10)))
                .Append("]\n");
        }
        var e = Assert.Throws<MetadataException>(() => NetkanParser.Parse(yaml.ToString(), "Laughs.netkan"));
        Assert.Contains("more than 100,000 values", e.Message);
    }

    [Fact]
    public void An_alias_counts_its_depth_where_it_lands()
    {
        var deep = new string('[', 40) + "x" + new string(']', 40);
        var yaml = $"identifier: Deep\na: &a {deep}\nb: {new string('[', 40)}*a{new string(']', 40)}\n";
        var e = Assert.Throws<MetadataException>(() => NetkanParser.Parse(yaml, "Deep.netkan"));
        Assert.Contains("deeper than 64", e.Message);
        // The same anchor used at the top stays within the limit.
        Assert.Single(NetkanParser.Parse($"identifier: Deep\na: &a {deep}\nb: *a\n", "Deep.netkan"));
    }

    [Fact]
    public void An_oversized_netkan_is_refused_before_parsing()
    {
        var text = "identifier: Big\nx: \"" + new string('a', InputLimits.MaxDocumentChars) + "\"\n";
        var e = Assert.Throws<MetadataException>(() => NetkanFile.Parse(text, "Big.netkan"));
        Assert.Contains("at most 1,000,000 are accepted", e.Message);
        Assert.StartsWith("Big.netkan:", e.Message);
    }

    [Fact]
    public void A_deep_or_oversized_ckan_is_a_metadata_error()
    {
        var deep = "{\"identifier\": \"Deep\", \"x\": " + new string('[', 10_000) + new string(']', 10_000) + "}";
        Assert.Contains("not valid JSON", Assert.Throws<MetadataException>(() => CkanModule.Parse(deep, "Deep.ckan")).Message);
        var big = "{\"identifier\": \"" + new string('a', InputLimits.MaxDocumentChars) + "\"}";
        Assert.Contains("at most 1,000,000", Assert.Throws<MetadataException>(() => CkanModule.Parse(big, "Big.ckan")).Message);
    }

    [Fact]
    public void Version_strings_longer_than_256_characters_are_refused()
    {
        var longest = new string('1', InputLimits.MaxVersionLength);
        Assert.Equal(longest, ModuleVersion.Parse(longest).ToString());
        var tooLong = "v" + new string('9', 100_000);
        Assert.False(ModuleVersion.TryParse(tooLong, out _));
        Assert.Contains("at most 256", Assert.Throws<FormatException>(() => ModuleVersion.Parse(tooLong)).Message);
    }

    [Theory]
    [InlineData("Astrogator", true)]
    [InlineData("KSP-AVC", true)]
    [InlineData("0x", true)]
    [InlineData("A", false)] // CKAN.schema: at least two characters
    [InlineData("", false)]
    [InlineData(null, false)]
    [InlineData("-Dash", false)]
    [InlineData("Foo\n", false)] // "$" would match before a final line break
    [InlineData("Foo\nBar", false)]
    [InlineData("Foo\0", false)]
    [InlineData("a/b", false)]
    [InlineData("..", false)]
    [InlineData("Foo_Bar", false)]
    [InlineData("Ünïcode", false)]
    public void The_identifier_rule_is_the_schemas(string? identifier, bool valid) =>
        Assert.Equal(valid, ModIdentifier.IsValid(identifier));

    [Fact]
    public void Identifiers_longer_than_100_characters_are_refused() =>
        Assert.False(ModIdentifier.IsValid(new string('a', ModIdentifier.MaxLength + 1)));
}
