using System.Text.Json.Nodes;
using NetKAN.Bus.Inflator.Json;
using NetKAN.Bus.Inflator.Downloads;
using NetKAN.Bus.Inflator.Install;

namespace NetKAN.Bus.Inflator.Transformers;

/// <summary>download_size, download_hash (sha1 only while the spec version is at most v1.34) and content type.</summary>
internal sealed class DownloadAttributesTransformer(PackageService packages) : SingleTransformer
{
    public override string Name => "download_attributes";

    protected override async ValueTask<JsonObject> TransformOneAsync(JsonObject module, InflationContext context, CancellationToken ct)
    {
        if (PackageService.DownloadUrl(module) is null)
        {
            return module;
        }
        var download = await packages.DownloadAsync(module, context, ct).ConfigureAwait(false);
        var json = module.CloneObject();
        json["download_size"] = download.Size;
        var hash = new JsonObject();
        if (SpecVersionAnalyzer.MinimumSpecVersion(json) <= 34)
        {
            hash["sha1"] = download.Sha1;
        }
        hash["sha256"] = download.Sha256;
        json["download_hash"] = hash;
        if (!json.ContainsKey("download_content_type"))
        {
            json["download_content_type"] = download.Kind.ContentType();
        }
        return json;
    }
}

/// <summary>install_size: the unpacked size of every installable file.</summary>
internal sealed class InstallSizeTransformer(PackageService packages) : SingleTransformer
{
    public override string Name => "install_size";

    protected override async ValueTask<JsonObject> TransformOneAsync(JsonObject module, InflationContext context, CancellationToken ct)
    {
        if (PackageService.DownloadUrl(module) is null)
        {
            return module;
        }
        var contents = await packages.OpenAsync(module, context, ct).ConfigureAwait(false);
        if (contents is null)
        {
            return module;
        }
        var size = PackageService.InstallableFiles(module, contents, context)
            .Where(f => !f.Entry.IsDirectory && !InstallPlanner.IsInternalCkan(f.Entry.Name))
            .Select(f => f.Entry)
            .Distinct()
            .Sum(e => e.Length);
        var json = module.CloneObject();
        json["install_size"] = size;
        return json;
    }
}

/// <summary>When staged, adds a table of the module's links to the staging reasons.</summary>
internal sealed class StagingLinksTransformer : SingleTransformer
{
    public override string Name => "staging_links";

    protected override ValueTask<JsonObject> TransformOneAsync(JsonObject module, InflationContext context, CancellationToken ct)
    {
        if (context.Staged)
        {
            var lines = new List<string> { "Resource | URL", ":-- | :--" };
            var downloads = module["download"] is JsonArray array
                ? array.Select(n => n?.ToString()).OfType<string>()
                : PackageService.DownloadUrl(module) is { } url ? [url] : [];
            lines.AddRange(downloads.Select(d => $"download | <{d}>"));
            if (module["resources"] is JsonObject resources)
            {
                lines.AddRange(resources.OrderBy(kv => kv.Key, StringComparer.Ordinal)
                    .Select(kv => $"{kv.Key} | <{kv.Value}>"));
            }
            context.AddStagingReason(string.Join("\r\n", lines));
        }
        return ValueTask.FromResult(module);
    }
}

/// <summary><c>x_generated_by: netkan</c>.</summary>
internal sealed class GeneratedByTransformer : SingleTransformer
{
    public override string Name => "generated_by";

    protected override ValueTask<JsonObject> TransformOneAsync(JsonObject module, InflationContext context, CancellationToken ct)
    {
        var json = module.CloneObject();
        json["x_generated_by"] = "netkan";
        return ValueTask.FromResult(json);
    }
}

/// <summary>"Autobots roll out!": no effect, kept so override placement names match the original.</summary>
internal sealed class OptimusPrimeTransformer : SingleTransformer
{
    public override string Name => "optimus_prime";

    protected override ValueTask<JsonObject> TransformOneAsync(JsonObject module, InflationContext context, CancellationToken ct) =>
        ValueTask.FromResult(module);
}

/// <summary>Removes <c>x_netkan*</c> keys at every depth, plus <c>$kref</c> and <c>$vref</c>; keeps other <c>x_</c> keys.</summary>
internal sealed class StripNetkanMetadataTransformer : SingleTransformer
{
    public override string Name => "strip_netkan_metadata";

    protected override ValueTask<JsonObject> TransformOneAsync(JsonObject module, InflationContext context, CancellationToken ct)
    {
        var json = module.CloneObject();
        Strip(json);
        return ValueTask.FromResult(json);
    }

    internal static void Strip(JsonNode? node)
    {
        switch (node)
        {
            case JsonObject obj:
                foreach (var key in obj.Select(kv => kv.Key).ToList())
                {
                    if (key.StartsWith("x_netkan", StringComparison.Ordinal) || key is "$kref" or "$vref")
                    {
                        obj.Remove(key);
                    }
                    else
                    {
                        Strip(obj[key]);
                    }
                }
                break;
            case JsonArray array:
                foreach (var item in array)
                {
                    Strip(item);
                }
                break;
        }
    }
}

/// <summary>The canonical property order (section 5 of the reference).</summary>
internal sealed class PropertySortTransformer : SingleTransformer
{
    private static readonly string[] TopOrder =
    [
        "spec_version", "comment", "identifier", "name", "abstract", "description", "author", "$kref", "$vref",
        "version", "ksp_version", "ksp_version_min", "ksp_version_max", "ksp_version_strict", "license",
        "release_status", "resources", "tags", "localizations", "provides", "depends", "recommends", "suggests",
        "supports", "conflicts", "install", "download", "download_size", "download_hash", "download_content_type",
        "install_size", "release_date",
    ];

    private static readonly string[] ResourceOrder =
        ["homepage", "spacedock", "curse", "repository", "bugtracker", "ci", "license", "manual"];

    public override string Name => "property_sort";

    protected override ValueTask<JsonObject> TransformOneAsync(JsonObject module, InflationContext context, CancellationToken ct) =>
        ValueTask.FromResult(Sort(module));

    public static JsonObject Sort(JsonObject module)
    {
        var sorted = Reorder(module, TopOrder, key => key == "x_generated_by" ? 3 : key.StartsWith("x_", StringComparison.Ordinal) ? 2 : 1);
        if (sorted["resources"] is JsonObject resources)
        {
            sorted["resources"] = Reorder(resources, ResourceOrder, key => key.StartsWith("x_", StringComparison.Ordinal) ? 2 : 1);
        }
        return sorted;
    }

    private static JsonObject Reorder(JsonObject source, string[] order, Func<string, int> group)
    {
        var keys = source.Select(kv => kv.Key)
            .OrderBy(k => Array.IndexOf(order, k) is var i and >= 0 ? (0, i) : (group(k), 0))
            .ThenBy(k => k, StringComparer.Ordinal)
            .ToList();
        var result = new JsonObject();
        foreach (var key in keys)
        {
            result[key] = source[key]?.DeepClone();
        }
        return result;
    }
}
