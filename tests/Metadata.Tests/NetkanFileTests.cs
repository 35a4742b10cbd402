using NetKAN.Bus.Metadata.Documents;
using NetKAN.Bus.TestSupport;
using Xunit.Abstractions;

namespace NetKAN.Bus.Metadata.Tests;

public sealed class NetkanFileTests(ITestOutputHelper output)
{
    [Fact]
    public void Reads_identifier_kref_and_scheduler_flags_from_the_first_document()
    {
        var file = NetkanFile.Parse("""
            identifier: Foo
            $kref: '#/ckan/github/owner/repo/asset_match/foo.zip'
            $vref: '#/ckan/ksp-avc'
            x_netkan_allow_out_of_order: true
            x_netkan_staging: true
            ---
            identifier: Foo
            $kref: '#/ckan/spacedock/123'
            """, "Foo.netkan");

        Assert.Equal("Foo", file.Identifier);
        Assert.False(file.Frozen);
        Assert.Equal(2, file.Documents.Count);
        Assert.Equal(new Kref("github", "owner/repo/asset_match/foo.zip"), file.Kref);
        Assert.True(file.HasVref);
        Assert.False(file.IsHookOnly);
        Assert.True(file.AllowOutOfOrder);
        Assert.True(file.Staged);
        Assert.Equal("Foo.netkan", file.Path);
    }

    [Theory]
    [InlineData("identifier: Foo\n$kref: '#/ckan/spacedock/42'\n", true)] // SpaceDock without $vref: webhook only
    [InlineData("identifier: Foo\n$kref: '#/ckan/spacedock/42'\n$vref: '#/ckan/ksp-avc'\n", false)]
    [InlineData("identifier: Foo\n$kref: '#/ckan/github/a/b'\n", false)]
    [InlineData("identifier: Foo\ndownload: https://example.com/foo.zip\n", false)]
    public void Hook_only_means_spacedock_without_vref(string text, bool hookOnly)
    {
        var file = NetkanFile.Parse(text, "Foo.netkan");
        Assert.Equal(hookOnly, file.IsHookOnly);
        Assert.False(file.AllowOutOfOrder);
        Assert.False(file.Staged);
    }

    [Fact]
    public void A_missing_kref_is_null_and_a_malformed_one_is_an_error()
    {
        Assert.Null(NetkanFile.Parse("identifier: Foo\n", "Foo.netkan").Kref);
        var error = Assert.Throws<MetadataException>(() => NetkanFile.Parse("identifier: Foo\n$kref: spacedock 42\n", "Foo.netkan"));
        Assert.Contains("#/ckan/<source>/<id>", error.Message);
    }

    [Fact]
    public void Identifier_must_match_the_file_name()
    {
        var error = Assert.Throws<MetadataException>(() => NetkanFile.Parse("identifier: Bar\n", "Foo.netkan"));
        Assert.Equal("Foo.netkan: identifier \"Bar\" does not match the file name \"Foo.netkan\" (expected \"Foo\")", error.Message);

        var missing = Assert.Throws<MetadataException>(() => NetkanFile.Parse("name: Foo\n", "Foo.netkan"));
        Assert.Equal("Foo.netkan: the first document has no identifier", missing.Message);

        Assert.Throws<MetadataException>(() => NetkanFile.Parse("identifier: Foo\n", "Foo.yaml"));
    }

    [Fact]
    public void Frozen_files_are_read_leniently()
    {
        var suppression = NetkanFile.Parse("comment: keeps a renamed mod from coming back\n", "Renamed.frozen");
        Assert.Equal("Renamed", suppression.Identifier);
        Assert.Null(suppression.DocumentIdentifier);

        var placeholder = NetkanFile.Parse("ThermalPaint\n", "ThermalPaint.frozen");
        Assert.True(placeholder.Frozen);
        Assert.True(placeholder.IsPlaceholder);
        Assert.Equal("ThermalPaint", placeholder.Identifier);
        Assert.Null(placeholder.Kref);

        var duplicate = NetkanFile.Parse("{ \"identifier\": \"Old\", \"comment\": \"a\", \"comment\": \"b\" }", "Old.frozen");
        Assert.Equal("b", duplicate.Documents[0]["comment"]!.GetValue<string>());

        // The same text as a .netkan is an error: the inflator would reject it.
        Assert.Throws<MetadataException>(() => NetkanFile.Parse("{ \"identifier\": \"Old\", \"comment\": \"a\", \"comment\": \"b\" }", "Old.netkan"));
        Assert.Throws<MetadataException>(() => NetkanFile.Parse("ThermalPaint\n", "ThermalPaint.netkan"));
    }

    [Fact]
    public void Load_reads_from_disk_and_keeps_the_text()
    {
        using var dir = new TempDir();
        var path = dir.Combine("Foo.netkan");
        const string text = "identifier: Foo\n$kref: '#/ckan/spacedock/1'\n";
        File.WriteAllText(path, text);

        var file = NetkanFile.Load(path);
        Assert.Equal(path, file.Path);
        Assert.Equal(text, file.Text);
        Assert.True(file.IsHookOnly);

        var error = Assert.Throws<MetadataException>(() => NetkanFile.Load(dir.Combine("Missing.netkan")));
        Assert.Contains("cannot read the file", error.Message);
    }

    [Fact]
    public void Every_netkan_and_frozen_file_of_the_NetKAN_corpus_parses()
    {
        var paths = Directory.GetFiles(Corpus.NetKanDir, "*", SearchOption.AllDirectories)
            .Where(p => p.EndsWith(".netkan", StringComparison.Ordinal) || p.EndsWith(".frozen", StringComparison.Ordinal))
            .Order(StringComparer.Ordinal)
            .ToArray();
        var failures = new List<string>();
        var netkans = 0;
        var frozen = 0;
        var placeholders = 0;
        var frozenNamedDifferently = new List<string>();
        var documents = 0;
        var multiDocument = 0;
        var hookOnly = 0;
        foreach (var path in paths)
        {
            try
            {
                var file = NetkanFile.Load(path);
                if (file.Frozen)
                {
                    frozen++;
                    placeholders += file.IsPlaceholder ? 1 : 0;
                    if (!file.IsPlaceholder && file.DocumentIdentifier != file.Identifier)
                    {
                        frozenNamedDifferently.Add($"{Path.GetFileName(path)}: identifier {file.DocumentIdentifier ?? "(none)"}");
                    }
                }
                else
                {
                    netkans++;
                    documents += file.Documents.Count;
                    multiDocument += file.Documents.Count > 1 ? 1 : 0;
                    hookOnly += file.IsHookOnly ? 1 : 0;
                }
            }
            catch (MetadataException e)
            {
                failures.Add(e.Message);
            }
        }

        output.WriteLine($"{netkans} netkans ({documents} documents, {multiDocument} multi-document, {hookOnly} hook-only), " +
                         $"{frozen} frozen ({placeholders} plain-text placeholders)");
        foreach (var line in failures.Concat(frozenNamedDifferently))
        {
            output.WriteLine(line);
        }
        // Every .netkan identifier matches its file name (a mismatch is a MetadataException, listed above).
        Assert.Empty(failures);
        // Frozen files are known by file name; these three say something else inside (two are comment-only
        // "suppression" files, one has a doubled extension).
        Assert.Equal(
            [
                "GIROLDcoANTIFURRYandmoreflagsmod.frozen: identifier (none)",
                "MinorPlanetExpansionAlternativeRibbonPack.frozen: identifier (none)",
                "VirginKalactic-NodeToggle.frozen.frozen: identifier VirginKalactic-NodeToggle",
            ],
            frozenNamedDifferently);
        Assert.Equal(1454, netkans);
        Assert.Equal(2404, frozen);
        Assert.Equal(1921, documents); // inflator.md §7.1
        Assert.Equal(467, multiDocument);
        Assert.Equal(150, placeholders);
    }
}
