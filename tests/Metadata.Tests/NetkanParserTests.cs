using System.Text.Json;
using System.Text.Json.Nodes;
using NetKAN.Bus.Metadata.Documents;

namespace NetKAN.Bus.Metadata.Tests;

public sealed class NetkanParserTests
{
    private static JsonObject One(string text) => Assert.Single(NetkanParser.Parse(text, "Test.netkan"));

    [Fact]
    public void Plain_decimals_stay_strings_as_in_the_inflator()
    {
        var module = One("identifier: Foo\nksp_version: 1.12\nksp_version_min: 1.10\nksp_version_max: 1.8.1\n");
        Assert.Equal(JsonValueKind.String, module["ksp_version"]!.GetValueKind());
        Assert.Equal("1.12", module["ksp_version"]!.GetValue<string>());
        Assert.Equal("1.10", module["ksp_version_min"]!.GetValue<string>()); // PyYAML would make this 1.1
        Assert.Equal("1.8.1", module["ksp_version_max"]!.GetValue<string>());
    }

    [Fact]
    public void Only_plain_true_false_null_and_int32_are_typed()
    {
        var module = One("""
            a: true
            b: false
            c: null
            d: 42
            e: -7
            f: "true"
            g: 'false'
            h: yes
            i: True
            j: 2147483648
            k: "42"
            l: 1e3
            m: ~
            n:
            o: 0x1F
            """);
        Assert.True(module["a"]!.GetValue<bool>());
        Assert.False(module["b"]!.GetValue<bool>());
        Assert.True(module.ContainsKey("c"));
        Assert.Null(module["c"]);
        Assert.Equal(42, module["d"]!.GetValue<int>());
        Assert.Equal(-7, module["e"]!.GetValue<int>());
        foreach (var (key, text) in new[] { ("f", "true"), ("g", "false"), ("h", "yes"), ("i", "True"), ("j", "2147483648"),
                     ("k", "42"), ("l", "1e3"), ("m", "~"), ("n", ""), ("o", "0x1F") })
        {
            Assert.True(module[key]!.GetValueKind() == JsonValueKind.String, $"{key} should be a string");
            Assert.Equal(text, module[key]!.GetValue<string>());
        }
    }

    [Fact]
    public void Json_is_read_with_the_same_rules()
    {
        var module = One("""{ "identifier": "Foo", "x_netkan_epoch": 2, "ksp_version": 1.5, "ok": true, "tags": ["a", "b"], "o": {} }""");
        Assert.Equal(2, module["x_netkan_epoch"]!.GetValue<int>());
        Assert.Equal("1.5", module["ksp_version"]!.GetValue<string>()); // the inflator reads JSON as YAML too
        Assert.True(module["ok"]!.GetValue<bool>());
        Assert.Equal(["a", "b"], module["tags"]!.AsArray().Select(t => t!.GetValue<string>()));
        Assert.Empty(module["o"]!.AsObject());
    }

    [Fact]
    public void Each_yaml_document_is_one_module_in_order()
    {
        var modules = NetkanParser.Parse("""
            identifier: Foo
            $kref: '#/ckan/github/a/b'
            ---
            identifier: Foo
            $kref: '#/ckan/spacedock/1'
            ---
            """, "Foo.netkan");
        Assert.Equal(2, modules.Count); // the empty trailing document is ignored
        Assert.Equal("#/ckan/github/a/b", modules[0]["$kref"]!.GetValue<string>());
        Assert.Equal("#/ckan/spacedock/1", modules[1]["$kref"]!.GetValue<string>());
    }

    [Fact]
    public void Nested_lists_maps_and_aliases_are_read()
    {
        var module = One("""
            depends:
              - name: A
                min_version: 1.0
              - any_of:
                  - name: B
            install: &inst
              - find: Foo
                install_to: GameData
            x_copy: *inst
            """);
        Assert.Equal("1.0", module["depends"]![0]!["min_version"]!.GetValue<string>());
        Assert.Equal("B", module["depends"]![1]!["any_of"]![0]!["name"]!.GetValue<string>());
        Assert.Equal(module["install"]!.ToJsonString(), module["x_copy"]!.ToJsonString());
        Assert.NotSame(module["install"], module["x_copy"]);
    }

    [Fact]
    public void Tab_indentation_is_accepted_like_NetKAN_Infra_does()
    {
        var module = One("identifier: Foo\ninstall:\n\t- find: Foo\n\t  install_to: GameData\n");
        Assert.Equal("GameData", module["install"]![0]!["install_to"]!.GetValue<string>());

        // JSON indented with tabs is fine too.
        Assert.Equal("Foo", One("{\n\t\"identifier\": \"Foo\",\n\t\"tags\": [\n\t\t\"parts\"\n\t]\n}\n")["identifier"]!.GetValue<string>());

        // A tab inside a quoted value of a valid file is kept as it is.
        Assert.Equal("a\tb", One("name: \"a\tb\"\n")["name"]!.GetValue<string>());
    }

    [Fact]
    public void Syntax_errors_name_the_source_and_line()
    {
        var error = Assert.Throws<MetadataException>(() => NetkanParser.Parse("identifier: Foo\nname: [unclosed\nabstract: x\n", "Broken.netkan"));
        Assert.StartsWith("Broken.netkan: line ", error.Message);
        Assert.Equal("Broken.netkan", error.SourceName);
        Assert.NotNull(error.Line);
    }

    [Fact]
    public void Duplicate_keys_are_rejected_with_their_line()
    {
        var error = Assert.Throws<MetadataException>(() => NetkanParser.Parse("identifier: Foo\nname: A\nname: B\n", "Dup.netkan"));
        Assert.Equal("Dup.netkan: line 3: duplicate key \"name\"", error.Message);
    }

    [Theory]
    [InlineData("- a\n- b\n", "a list")]
    [InlineData("just some text\n", "a plain value")]
    public void A_document_must_be_a_mapping(string text, string what)
    {
        var error = Assert.Throws<MetadataException>(() => NetkanParser.Parse(text, "Odd.netkan"));
        Assert.Contains($"document 1 is {what}", error.Message);
        Assert.StartsWith("Odd.netkan", error.Message);
    }

    [Fact]
    public void Empty_input_is_an_error_without_a_file_name_too()
    {
        var error = Assert.Throws<MetadataException>(() => NetkanParser.Parse(""));
        Assert.Equal("input: contains no metadata (no YAML/JSON mapping)", error.Message);
    }
}
