using BenchmarkDotNet.Attributes;
using NetKAN.Bus.Metadata.CkanMeta;
using NetKAN.Bus.Metadata.Validation;
using NetKAN.Bus.Metadata.Versions;
using NetKAN.Bus.TestSupport;

namespace NetKAN.Bus.Benchmarks;

/// <summary>
/// The metadata core over the real CKAN-meta snapshot: the scheduler's scan, validating every file, and sorting
/// every distinct version. Run: dotnet run -c Release --project bench/Benchmarks -- --filter '*MetadataBenchmarks*'
/// </summary>
[MemoryDiagnoser]
public class MetadataBenchmarks
{
    private string _ckanMeta = "";
    private string[] _files = [];
    private string[] _versions = [];
    private CkanSchemaValidator _validator = null!;

    [GlobalSetup]
    public void Setup()
    {
        _ckanMeta = Corpus.CkanMetaDir;
        _files = Directory.GetFiles(_ckanMeta, "*.ckan", SearchOption.AllDirectories);
        _validator = new CkanSchemaValidator();
        _versions = _files
            .Select(f => System.Text.Json.Nodes.JsonNode.Parse(File.ReadAllBytes(f))?["version"]?.GetValue<string>())
            .OfType<string>()
            .Distinct(StringComparer.Ordinal)
            .ToArray();
    }

    /// <summary>What <c>netkan ckan-meta highest</c> and the scheduler do: 30,561 files, version and status only.</summary>
    [Benchmark]
    public int ScanCkanMeta() => CkanMetaIndex.Scan(_ckanMeta).Identifiers.Count;

    /// <summary>What <c>netkan ckan validate</c> does over the whole corpus, with a warm (already compiled) schema.</summary>
    [Benchmark]
    public int ValidateAllFiles() => _validator.ValidateFiles(_files).Count(r => r.IsValid);

    /// <summary>Sorting the ~10,000 distinct CKAN-meta versions in CKAN order, parsing each from text first.</summary>
    [Benchmark]
    public string SortAllVersions() =>
        _versions.Select(v => (Text: v, Version: ModuleVersion.Parse(v))).OrderBy(v => v.Version).Last().Text;
}
