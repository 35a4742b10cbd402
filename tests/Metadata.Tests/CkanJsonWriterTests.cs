using System.Text;
using System.Text.Json.Nodes;
using NetKAN.Bus.Metadata.Ckan;
using Xunit.Abstractions;

namespace NetKAN.Bus.Metadata.Tests;

public sealed class CkanJsonWriterTests(ITestOutputHelper output)
{
    [Fact]
    public void Writes_the_canonical_order_and_format()
    {
        var module = JsonNode.Parse("""
            {
              "x_generated_by": "netkan",
              "x_via": "Automated SpaceDock CKAN submission",
              "download": "https://example.com/foo.zip",
              "version": "1.0",
              "kind": "package",
              "identifier": "Foo",
              "resources": { "x_screenshot": "https://s", "repository": "https://r", "discussions": "https://d", "homepage": "https://h", "spacedock": "https://sd" },
              "spec_version": "v1.4",
              "depends": [ { "name": "B", "min_version": "1" }, { "name": "A" } ],
              "tags": [],
              "install": [ { "find": "Foo", "install_to": "GameData", "filter": [] } ],
              "download_size": 1024,
              "download_hash": { "sha1": "AB", "sha256": "CD" },
              "replaced_by": { "name": "Bar" },
              "x_alpha": {}
            }
            """)!.AsObject();

        var text = CkanJsonWriter.Write(module);

        Assert.Equal("""
            {
                "spec_version": "v1.4",
                "identifier": "Foo",
                "version": "1.0",
                "resources": {
                    "homepage": "https://h",
                    "spacedock": "https://sd",
                    "repository": "https://r",
                    "discussions": "https://d",
                    "x_screenshot": "https://s"
                },
                "tags": [],
                "depends": [
                    {
                        "name": "B",
                        "min_version": "1"
                    },
                    {
                        "name": "A"
                    }
                ],
                "install": [
                    {
                        "find": "Foo",
                        "install_to": "GameData",
                        "filter": []
                    }
                ],
                "download": "https://example.com/foo.zip",
                "download_size": 1024,
                "download_hash": {
                    "sha1": "AB",
                    "sha256": "CD"
                },
                "kind": "package",
                "replaced_by": {
                    "name": "Bar"
                },
                "x_alpha": {},
                "x_via": "Automated SpaceDock CKAN submission",
                "x_generated_by": "netkan"
            }

            """.ReplaceLineEndings("\n"), text);

        // The input is not reordered by writing it.
        Assert.Equal("x_generated_by", module.First().Key);
    }

    [Fact]
    public void Sort_reorders_in_place_including_resources()
    {
        var module = JsonNode.Parse("""{ "b_other": 1, "x_z": 2, "name": "N", "identifier": "I", "resources": { "bugtracker": "b", "homepage": "h" } }""")!.AsObject();
        var sorted = CkanPropertyOrder.Sort(module);
        Assert.Same(module, sorted);
        Assert.Equal(["identifier", "name", "resources", "b_other", "x_z"], module.Select(p => p.Key));
        Assert.Equal(["homepage", "bugtracker"], module["resources"]!.AsObject().Select(p => p.Key));
    }

    [Fact]
    public void Escapes_like_Newtonsoft_and_keeps_non_ascii_raw()
    {
        var module = new JsonObject
        {
            ["abstract"] = "Quote \" backslash \\ tab \t newline \n cr \r bell \u0007 nel \u0085 ls \u2028 ps \u2029 del \u007f",
            ["name"] = "Kerbal Réaliste 日本語 🚀 </script>",
        };
        var text = CkanJsonWriter.Write(module);
        const string expected = "\"abstract\": \"Quote \\\" backslash \\\\ tab \\t newline \\n cr \\r bell \\u0007 " +
                                "nel \\u0085 ls \\u2028 ps \\u2029 del \u007f\"";
        Assert.Contains(expected, text);
        Assert.Contains("\"name\": \"Kerbal Réaliste 日本語 🚀 </script>\"", text);
        Assert.DoesNotContain('\r', text);
        Assert.EndsWith("}\n", text);
    }

    [Fact]
    public void Numbers_are_written_as_read_and_built_values_are_formatted_invariantly()
    {
        var read = JsonNode.Parse("""{ "a": 1.0, "b": 1e5, "c": 12345678901234567890, "d": -0 }""")!;
        Assert.Equal("{\n    \"a\": 1.0,\n    \"b\": 1e5,\n    \"c\": 12345678901234567890,\n    \"d\": -0\n}\n",
            CkanJsonWriter.WritePreservingOrder(read));

        var built = new JsonObject { ["download_size"] = 123L, ["ok"] = true, ["none"] = null, ["ratio"] = 0.5 };
        Assert.Equal("{\n    \"download_size\": 123,\n    \"ok\": true,\n    \"none\": null,\n    \"ratio\": 0.5\n}\n",
            CkanJsonWriter.WritePreservingOrder(built));
    }

    [Fact]
    public void Rewriting_CKAN_meta_files_reproduces_at_least_99_5_percent_byte_for_byte()
    {
        var files = CkanCorpus.Files;
        var same = 0;
        var differing = new List<string>();
        foreach (var file in files)
        {
            var rewritten = Encoding.UTF8.GetBytes(CkanJsonWriter.WritePreservingOrder(JsonNode.Parse(file.Bytes)));
            if (rewritten.AsSpan().SequenceEqual(file.Bytes))
            {
                same++;
            }
            else
            {
                differing.Add(file.Name);
            }
        }
        var ratio = (double)same / files.Count;
        output.WriteLine($"{same} / {files.Count} identical ({ratio:P2}); first differing: {string.Join(", ", differing.Take(10))}");
        Assert.Equal(30_561, files.Count);
        Assert.True(ratio >= 0.995, $"only {ratio:P2} of CKAN-meta files round-trip");
    }

    [Fact]
    public void Canonical_writer_reproduces_recent_inflator_output()
    {
        // install_size was added to the inflator in 2024, so files carrying it were written with today's key order.
        var recent = CkanCorpus.Files
            .Select(f => (File: f, Json: JsonNode.Parse(f.Bytes)!.AsObject()))
            .Where(f => f.Json.ContainsKey("install_size"))
            .ToList();
        var same = recent.Count(f => Encoding.UTF8.GetBytes(CkanJsonWriter.Write(f.Json)).AsSpan().SequenceEqual(f.File.Bytes));
        var ratio = (double)same / recent.Count;
        output.WriteLine($"{same} / {recent.Count} files with install_size are byte-identical when written canonically ({ratio:P2})");
        Assert.Equal(7683, recent.Count); // inflator.md §7.2
        Assert.True(ratio >= 0.99, $"only {ratio:P2}");
    }
}
