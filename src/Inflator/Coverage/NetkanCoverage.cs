using System.Text.Json.Nodes;
using NetKAN.Bus.Inflator.Json;
using NetKAN.Bus.Inflator.Sources;
using NetKAN.Bus.Metadata;
using NetKAN.Bus.Metadata.Documents;

namespace NetKAN.Bus.Inflator.Coverage;

/// <summary>The features of one netkan this inflator does not implement (empty when fully supported).</summary>
public sealed record NetkanCoverageEntry(string File, IReadOnlyList<string> Unsupported)
{
    public bool Supported => Unsupported.Count == 0;
}

/// <summary>Coverage over a folder of netkans.</summary>
public sealed record NetkanCoverageReport(IReadOnlyList<NetkanCoverageEntry> Files)
{
    public int Total => Files.Count;
    public int Supported => Files.Count(f => f.Supported);
    public double Percent => Total == 0 ? 100 : 100.0 * Supported / Total;
}

/// <summary>
/// Decides, without network access, whether a netkan uses only features this inflator implements: the
/// <c>$kref</c>/<c>$vref</c> sources, every <c>x_netkan_*</c> key, and override placement.
/// </summary>
public static class NetkanCoverage
{
    /// <summary>$kref sources with a working transformer here.</summary>
    public static readonly IReadOnlySet<string> SupportedKrefSources =
        new HashSet<string>(StringComparer.Ordinal) { "spacedock", "github", "netkan", "http", "jenkins", "gitea" };

    /// <summary>$vref sources with a working transformer here.</summary>
    public static readonly IReadOnlySet<string> SupportedVrefSources = new HashSet<string>(StringComparer.Ordinal) { "ksp-avc" };

    /// <summary>x_netkan_* keys this inflator reads (or may ignore, like optimus_prime).</summary>
    public static readonly IReadOnlySet<string> SupportedNetkanKeys = new HashSet<string>(StringComparer.Ordinal)
    {
        "x_netkan_epoch", "x_netkan_allow_out_of_order", "x_netkan_version_edit", "x_netkan_override",
        "x_netkan_force_v", "x_netkan_license_ok", "x_netkan_github", "x_netkan_trust_version_file",
        "x_netkan_staging", "x_netkan_staging_reason", "x_netkan_optimus_prime", "x_netkan_version_pieces",
        "x_netkan_jenkins",
    };

    public static NetkanCoverageReport Analyze(string folder)
    {
        var files = Directory.EnumerateFiles(folder, "*.netkan", SearchOption.AllDirectories)
            .Order(StringComparer.Ordinal)
            .Select(path => new NetkanCoverageEntry(Path.GetRelativePath(folder, path), Unsupported(File.ReadAllText(path), path)))
            .ToList();
        return new NetkanCoverageReport(files);
    }

    public static IReadOnlyList<string> Unsupported(string text, string? name = null)
    {
        IReadOnlyList<JsonObject> documents;
        try
        {
            documents = NetkanParser.Parse(text, name);
        }
        catch (MetadataException e)
        {
            return [$"parse error: {e.Message}"];
        }
        var problems = new List<string>();
        foreach (var doc in documents)
        {
            if (RemoteRef.TryParse(doc.GetString("$kref")) is { } kref && !SupportedKrefSources.Contains(kref.Source))
            {
                problems.Add($"$kref source '{kref.Source}'");
            }
            if (RemoteRef.TryParse(doc.GetString("$vref")) is { } vref && !SupportedVrefSources.Contains(vref.Source))
            {
                problems.Add($"$vref source '{vref.Source}'");
            }
            foreach (var (key, _) in doc)
            {
                if (key.StartsWith("x_netkan", StringComparison.Ordinal) && !SupportedNetkanKeys.Contains(key))
                {
                    problems.Add($"key '{key}'");
                }
            }
            if (doc.GetString("kind") is "dlc")
            {
                problems.Add("kind 'dlc'");
            }
        }
        return problems.Distinct(StringComparer.Ordinal).ToList();
    }
}
