using NetKAN.Bus.Metadata.Ckan;
using NetKAN.Bus.Metadata.CkanMeta;
using NetKAN.Bus.TestSupport;
using Xunit.Abstractions;

namespace NetKAN.Bus.Metadata.Tests;

public sealed class CkanMetaIndexTests
{
    private static void WriteCkan(string root, string folder, string fileName, string identifier, string version, string? status = null)
    {
        var path = Path.Combine(root, folder, fileName);
        Directory.CreateDirectory(Path.GetDirectoryName(path)!);
        var statusLine = status is null ? "" : $",\n    \"release_status\": \"{status}\"";
        File.WriteAllText(path,
            $"{{\n    \"identifier\": \"{identifier}\",\n    \"resources\": {{ \"version\": \"ignored\" }},\n    \"version\": \"{version}\"{statusLine}\n}}\n");
    }

    [Fact]
    public void Finds_highest_stable_and_prerelease_per_mod()
    {
        using var dir = new TempDir();
        var root = dir.Path;
        WriteCkan(root, "Alpha", "Alpha-1.0.ckan", "Alpha", "1.0");
        WriteCkan(root, "Alpha", "Alpha-v1.1.ckan", "Alpha", "v1.1"); // 'v' sorts above digits
        WriteCkan(root, "Alpha", "Alpha-1-0.9.ckan", "Alpha", "1:0.9"); // but an epoch beats both
        WriteCkan(root, "Alpha", "Alpha-2:0.1.ckan", "Alpha", "2:0.1", "testing");
        WriteCkan(root, "Alpha", "Alpha-2:0.2.ckan", "Alpha", "2:0.2", "development");
        WriteCkan(root, "Beta", "Beta-1.01.ckan", "Beta", "1.01");
        WriteCkan(root, "Beta", "Beta-1.1.ckan", "Beta", "1.1"); // equal to 1.01: the first file in path order wins
        WriteCkan(root, "Beta", "Beta-1.0.ckan", "Beta", "1.0", "stable");
        WriteCkan(root, "Gamma", "Gamma-0.1.ckan", "Gamma", "0.1", "testing");
        WriteCkan(root, "Gamma", Path.Combine("old", "Gamma-0.2.ckan"), "Gamma", "0.2", "testing"); // nested files count
        WriteCkan(root, "Nested", Path.Combine("sub", "Nested-1.0.ckan"), "Nested", "1.0"); // no direct .ckan: not a mod
        WriteCkan(root, "Bad_Name", "Bad_Name-1.0.ckan", "Bad_Name", "1.0"); // '_' is not allowed in identifiers
        WriteCkan(root, "X", "X-1.0.ckan", "X", "1.0"); // one character is too short
        File.WriteAllText(Path.Combine(root, "Alpha", "notes.txt"), "not metadata");
        Directory.CreateDirectory(Path.Combine(root, "Bom"));
        File.WriteAllText(Path.Combine(root, "Bom", "Bom-1.0.ckan"), """{ "identifier": "Bom", "version": "1.0" }""",
            new System.Text.UTF8Encoding(encoderShouldEmitUTF8Identifier: true)); // a byte order mark is tolerated
        Directory.CreateDirectory(Path.Combine(root, "Legacy"));
        File.WriteAllText(Path.Combine(root, "Legacy", "Legacy.kerbalstuff"), "{}");
        Directory.CreateDirectory(Path.Combine(root, ".github"));

        var index = CkanMetaIndex.Scan(root);

        Assert.Equal(["Alpha", "Beta", "Bom", "Gamma"], index.Identifiers);
        Assert.Equal("1.0", index.Get("Bom")!.Stable!.ToString());
        Assert.Equal("1:0.9", index.Get("Alpha")!.Stable!.ToString());
        Assert.Equal("2:0.2", index.Get("Alpha")!.Prerelease!.ToString());
        Assert.Equal("1.01", index.Get("Beta")!.Stable!.ToString());
        Assert.Null(index.Get("Beta")!.Prerelease);
        Assert.Null(index.Get("Gamma")!.Stable);
        Assert.Equal("0.2", index.Get("Gamma")!.Prerelease!.ToString());
        Assert.Null(index.Get("Nested"));
        Assert.Null(index.Get("Missing"));
    }

    [Fact]
    public void Record_updates_without_a_rescan()
    {
        using var dir = new TempDir();
        WriteCkan(dir.Path, "Alpha", "Alpha-1.0.ckan", "Alpha", "1.0");
        var index = CkanMetaIndex.Scan(dir.Path);

        index.Record("Alpha", CkanModule.Parse("""{ "identifier": "Alpha", "version": "1.1" }"""));
        index.Record("Alpha", CkanModule.Parse("""{ "identifier": "Alpha", "version": "1.0.5" }""")); // lower: ignored
        index.Record("Alpha", CkanModule.Parse("""{ "identifier": "Alpha", "version": "2.0-rc1", "release_status": "testing" }"""));
        index.Record("Zeta", CkanModule.Parse("""{ "identifier": "Zeta", "version": "0.1" }"""));
        index.Record("Delta", CkanModule.Parse("""{ "identifier": "Delta", "version": "0.1" }"""));

        Assert.Equal("1.1", index.Get("Alpha")!.Stable!.ToString());
        Assert.Equal("2.0-rc1", index.Get("Alpha")!.Prerelease!.ToString());
        Assert.Equal(["Alpha", "Delta", "Zeta"], index.Identifiers);
        Assert.Throws<ArgumentException>(() => index.Record("Other", CkanModule.Parse("""{ "identifier": "Alpha", "version": "1" }""")));
    }

    [Fact]
    public void Scanning_a_missing_folder_fails_clearly()
    {
        var error = Assert.Throws<DirectoryNotFoundException>(() => CkanMetaIndex.Scan("/nonexistent/CKAN-meta"));
        Assert.Contains("/nonexistent/CKAN-meta", error.Message);
    }

    [Fact]
    public void Scans_the_whole_corpus_and_finds_every_mod_folder()
    {
        var root = Corpus.CkanMetaDir;
        var index = CkanMetaIndex.Scan(root);

        // 3,813 top-level folders without a leading dot; 237 of them only hold legacy .kerbalstuff/.frozen files.
        // The other 3,576 each have a direct *.ckan child, and all of their names are valid identifiers, so every
        // one of them qualifies. Hidden folders (.github, .vscode) fail the identifier rule.
        var visible = Directory.GetDirectories(root).Count(d => !Path.GetFileName(d).StartsWith('.'));
        Assert.Equal(3813, visible);
        Assert.Equal(3576, index.Identifiers.Count);
        Assert.All(index.Identifiers, id => Assert.True(CkanMetaIndex.IsIdentifier(id)));
        Assert.Equal(index.Identifiers.Order(StringComparer.Ordinal), index.Identifiers);

        // Spot checks against the tricky cases of inflator.md §7.2.
        Assert.Equal("1:v2.0.0", index.Get("MRKI")?.Stable?.ToString());
        Assert.Equal("1.10.0.0", index.Get("DiRT")?.Stable?.ToString());
    }
}

[Collection(nameof(TimedCollection))]
public sealed class CkanMetaIndexTimingTests(ITestOutputHelper output)
{
    [Fact]
    public void Scanning_the_whole_corpus_takes_under_two_seconds()
    {
        _ = CkanCorpus.Files; // warm the OS file cache so the timing is about our code, not the first disk read
        var limit = TimeSpan.FromSeconds(2);
        var (index, elapsed) = Timing.BestOf(3, limit, () => CkanMetaIndex.Scan(Corpus.CkanMetaDir));
        output.WriteLine($"{index.Identifiers.Count} mods scanned in {elapsed.TotalMilliseconds:F0} ms");
        Assert.Equal(3576, index.Identifiers.Count);
        Assert.True(elapsed < limit, $"took {elapsed}");
    }
}
