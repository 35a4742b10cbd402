using System.Text.Json.Nodes;
using System.Text.Json;
using Microsoft.Extensions.Options;
using NetKAN.Bus.Contracts.Configuration;
using NetKAN.Bus.Inflator.Http;
using NetKAN.Bus.Inflator.Json;
using NetKAN.Bus.Inflator.Sources;

namespace NetKAN.Bus.Inflator.Transformers;

/// <summary>
/// <c>$kref #/ckan/gitea/{host}/{owner}/{repo}</c> (Gitea and Forgejo): <c>https://{host}/api/v1/repos/…</c>, or the
/// base URL configured as <c>Upstreams:Gitea:{host}</c>.
/// </summary>
internal sealed class GiteaTransformer(UpstreamHttp http, IOptions<UpstreamOptions> upstreams) : ITransformer
{
    public string Name => "gitea";

    public async ValueTask<IReadOnlyList<JsonObject>> TransformAsync(JsonObject module, InflationContext context, CancellationToken ct)
    {
        if (RemoteRef.TryParse(module.GetString("$kref")) is not { Source: "gitea" } kref)
        {
            return [module];
        }
        if (kref.Id?.Split('/') is not [var host, var owner, var repo])
        {
            throw new InflationException($"{context.Identifier}: invalid Gitea $kref {kref}");
        }
        var baseUrl = upstreams.Value.Gitea.TryGetValue(host, out var configured) ? configured.TrimEnd('/') : $"https://{host}";
        var repoUrl = UpstreamOptions.Combine(baseUrl, $"api/v1/repos/{owner}/{repo}");
        using var repoDoc = JsonDocument.Parse(await http.GetTextAsync(repoUrl, null, ct).ConfigureAwait(false));
        using var releasesDoc = JsonDocument.Parse(await http.GetTextAsync(new Uri(repoUrl.AbsoluteUri + "/releases"), null, ct).ConfigureAwait(false));
        var info = repoDoc.RootElement;
        string? Text(JsonElement e, string name) => e.TryGetProperty(name, out var v) && v.ValueKind == JsonValueKind.String ? v.GetString() : null;
        bool Flag(JsonElement e, string name) => e.TryGetProperty(name, out var v) && v.ValueKind == JsonValueKind.True;
        var htmlUrl = Text(info, "html_url");

        var outputs = new List<JsonObject>();
        foreach (var release in releasesDoc.RootElement.EnumerateArray().Take(context.Releases))
        {
            var asset = release.TryGetProperty("assets", out var assets)
                ? assets.EnumerateArray().FirstOrDefault(x => (Text(x, "name") ?? "").EndsWith(".zip", StringComparison.OrdinalIgnoreCase))
                : default;
            var json = module.CloneObject();
            json.SafeAdd("name", Text(info, "name"));
            if (!string.IsNullOrWhiteSpace(Text(info, "description")))
            {
                json.SafeAdd("abstract", Text(info, "description"));
            }
            json.SafeAdd("author", info.TryGetProperty("owner", out var o) ? Text(o, "login") : null);
            json.SafeAdd("version", Text(release, "tag_name"));
            var resources = new JsonObject
            {
                ["homepage"] = string.IsNullOrWhiteSpace(Text(info, "website")) ? null : Text(info, "website"),
                ["repository"] = htmlUrl,
                ["bugtracker"] = Flag(info, "has_issues") ? $"{htmlUrl}/issues" : null,
                ["manual"] = Flag(info, "has_wiki") ? $"{htmlUrl}/wiki" : null,
            };
            json.SafeMerge("resources", resources);
            if (Flag(release, "prerelease"))
            {
                json.SafeAdd("release_status", "testing");
            }
            if (asset.ValueKind == JsonValueKind.Object)
            {
                json.Remove("$kref");
                json.SafeAdd("download", Text(asset, "browser_download_url"));
                json.SafeAdd("release_date", ReleaseDates.Normalize(Text(asset, "created_at")));
            }
            if (json["x_netkan_version_pieces"] is not JsonObject pieces)
            {
                pieces = new JsonObject();
                json["x_netkan_version_pieces"] = pieces;
            }
            pieces["tag"] = Text(release, "tag_name");
            outputs.Add(json);
        }
        if (outputs.Count == 0)
        {
            context.Warn($"No releases found for {host}/{owner}/{repo}");
            return [module];
        }
        return outputs;
    }
}
