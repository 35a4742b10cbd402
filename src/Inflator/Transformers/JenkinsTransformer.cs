using System.Text.Json.Nodes;
using System.Text.Json;
using Microsoft.Extensions.Options;
using NetKAN.Bus.Contracts.Configuration;
using NetKAN.Bus.Inflator.Http;
using NetKAN.Bus.Inflator.Json;
using NetKAN.Bus.Inflator.Sources;

namespace NetKAN.Bus.Inflator.Transformers;

/// <summary>
/// <c>$kref #/ckan/jenkins/{job url}</c> with <c>x_netkan_jenkins{build, asset_match, use_filename_version}</c>: the
/// newest builds with the wanted result, each with exactly one matching artifact.
/// </summary>
internal sealed class JenkinsTransformer(UpstreamHttp http) : ITransformer
{
    public string Name => "jenkins";

    public async ValueTask<IReadOnlyList<JsonObject>> TransformAsync(JsonObject module, InflationContext context, CancellationToken ct)
    {
        if (RemoteRef.TryParse(module.GetString("$kref")) is not { Source: "jenkins" } kref)
        {
            return [module];
        }
        if (!Uri.TryCreate(kref.Id, UriKind.Absolute, out var job))
        {
            throw new InflationException($"{context.Identifier}: invalid Jenkins job URL {kref.Id}");
        }
        var options = module["x_netkan_jenkins"] as JsonObject;
        var wanted = (options?.GetString("build") ?? "stable").ToLowerInvariant() switch
        {
            "stable" or "successful" or "completed" => "SUCCESS",
            "failed" or "unstable" or "unsuccessful" => "FAILURE",
            "any" => null,
            var other => throw new InflationException($"{context.Identifier}: unknown x_netkan_jenkins.build '{other}'"),
        };
        var assetMatch = UserPatterns.Create(options?.GetString("asset_match") ?? @"\.zip$", "x_netkan_jenkins.asset_match", context.Identifier,
            options?.GetString("asset_match") is null ? System.Text.RegularExpressions.RegexOptions.IgnoreCase : default);
        var useFilenameVersion = options?["use_filename_version"].AsBool() ?? false;
        var jobUrl = job.AbsoluteUri.TrimEnd('/') + "/";

        using var jobDoc = JsonDocument.Parse(await http.GetTextAsync(new Uri(jobUrl + "api/json"), null, ct).ConfigureAwait(false));
        var outputs = new List<JsonObject>();
        foreach (var build in jobDoc.RootElement.TryGetProperty("builds", out var builds) ? builds.EnumerateArray() : default)
        {
            if (outputs.Count >= context.Releases)
            {
                break;
            }
            var buildUrl = build.GetProperty("url").GetString()!.TrimEnd('/') + "/";
            using var buildDoc = JsonDocument.Parse(await http.GetTextAsync(new Uri(buildUrl + "api/json"), null, ct).ConfigureAwait(false));
            var root = buildDoc.RootElement;
            var result = root.TryGetProperty("result", out var r) ? r.GetString() : null;
            if (wanted is not null && result != wanted)
            {
                continue;
            }
            var artifacts = root.TryGetProperty("artifacts", out var a)
                ? a.EnumerateArray().Where(x => assetMatch.IsMatch(x.GetProperty("fileName").GetString() ?? "")).ToList()
                : [];
            if (artifacts.Count == 0)
            {
                throw new InflationException("Could not find any matching artifacts");
            }
            if (artifacts.Count > 1)
            {
                throw new InflationException("Found too many matching artifacts");
            }
            var artifact = artifacts[0];
            var json = module.CloneObject();
            json.Remove("$kref");
            json.SafeAdd("download", buildUrl + "artifact/" + artifact.GetProperty("relativePath").GetString());
            if (root.TryGetProperty("timestamp", out var stamp) && stamp.TryGetInt64(out var ms))
            {
                json.SafeAdd("release_date", ReleaseDates.Format(DateTimeOffset.FromUnixTimeMilliseconds(ms)));
            }
            if (useFilenameVersion)
            {
                json.SafeAdd("version", artifact.GetProperty("fileName").GetString());
            }
            json.SafeMerge("resources", new JsonObject { ["ci"] = job.AbsoluteUri });
            outputs.Add(json);
        }
        if (outputs.Count == 0)
        {
            context.Warn($"No releases found for {job.AbsoluteUri}");
            return [module];
        }
        return outputs;
    }
}
