using System.Text.Json.Nodes;
using NetKAN.Bus.Inflator.Downloads;

namespace NetKAN.Bus.Inflator.Transformers;

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
