using NetKAN.Bus.Inflator.Coverage;
using NetKAN.Bus.Metadata.Documents;
using NetKAN.Bus.TestSupport;
using Xunit.Abstractions;

namespace NetKAN.Bus.Inflator.Tests;

/// <summary>
/// Inflates supported corpus netkans (every third; all with NETKAN_SWEEP_ALL=1) that use only SpaceDock/GitHub against auto-generated fakes (host version
/// 1.2.3, packages built from the install stanzas). Some fail for honest reasons (a strict version_edit pattern that
/// 1.2.3 does not match, find_regexp stanzas the generator cannot satisfy); none may fail with an unexpected
/// exception, and the large majority must inflate.
/// </summary>
public sealed class CorpusSweepTests(ITestOutputHelper output)
{
    [Fact]
    public async Task Supported_corpus_netkans_inflate_without_unexpected_errors()
    {
        await using var h = await InflatorHarness.StartAsync(new Dictionary<string, string?> { ["Inflator:TextCacheLifetime"] = "00:00:00" });
        var attempted = 0;
        var succeeded = 0;
        var unexpected = new List<string>();
        var failures = new Dictionary<string, int>();
        // Every third file keeps the suite fast on a shared 2-core machine; set NETKAN_SWEEP_ALL=1 for all of them.
        var step = Environment.GetEnvironmentVariable("NETKAN_SWEEP_ALL") == "1" ? 1 : 3;
        foreach (var path in Directory.GetFiles(Corpus.NetKanDir, "*.netkan").Order(StringComparer.Ordinal).Where((_, i) => i % step == 0))
        {
            var text = await File.ReadAllTextAsync(path);
            var identifier = Path.GetFileNameWithoutExtension(path);
            var documents = NetkanParser.Parse(text, identifier);
            if (NetkanCoverage.Unsupported(text).Count > 0
                || documents.Any(d => ((string?)d["$kref"])?.StartsWith("#/ckan/spacedock/", StringComparison.Ordinal) != true
                                      && ((string?)d["$kref"])?.StartsWith("#/ckan/github/", StringComparison.Ordinal) != true))
            {
                continue;
            }
            attempted++;
            var c = new CorpusTests.Case(identifier) { AssetName = null };
            var zip = CorpusTests.BuildPackage(documents, c);
            CorpusTests.RegisterHosts(h.Fake, documents, c, zip, packagePrefix: identifier + "/");
            var result = await h.InflateAsync(text, identifier, highest: null);
            if (result.Success)
            {
                succeeded++;
                continue;
            }
            var message = result.ErrorMessage!;
            if (message.Contains("   at ", StringComparison.Ordinal))
            {
                unexpected.Add(message);
            }
            var kind = System.Text.RegularExpressions.Regex.Replace(message.Replace(identifier, "<id>"), "\"[^\"]*\"|\\b[0-9.]+\\b", "…");
            kind = kind.Length > 90 ? kind[..90] : kind;
            failures[kind] = failures.GetValueOrDefault(kind) + 1;
        }
        output.WriteLine($"{succeeded} of {attempted} inflated");
        foreach (var (kind, count) in failures.OrderByDescending(kv => kv.Value))
        {
            output.WriteLine($"{count,5}  {kind}");
        }
        Assert.Empty(unexpected);
        Assert.True(attempted > 1300 / step, $"only {attempted} attempted");
        Assert.True(succeeded >= attempted * 0.9, $"only {succeeded} of {attempted} inflated");
    }
}
