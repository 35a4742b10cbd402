using System.Text.Json.Nodes;
using NetKAN.Bus.Inflator.Json;
using NetKAN.Bus.Inflator.Downloads;

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
