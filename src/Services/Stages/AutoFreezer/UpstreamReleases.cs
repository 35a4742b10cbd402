using System.Globalization;
using System.Text.Json.Nodes;
using System.Text.Json;
using System.Text;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;
using NetKAN.Bus.Contracts.Configuration;
using NetKAN.Bus.Metadata.Documents;
using NetKAN.Bus.Services.Upstreams;

namespace NetKAN.Bus.Services.AutoFreezer;

/// <summary>The newest release a mod's upstream offers.</summary>
public sealed record UpstreamRelease(string Where, string Version, DateTimeOffset? Released);

/// <summary>
/// The newest upstream release of frozen mods, asked cheaply: SpaceDock's mod API (<c>/api/mod/&lt;id&gt;</c>, the
/// default version), and GitHub's GraphQL <c>latestRelease</c> (tag, publication time) for up to 50 repositories per
/// query. Other kref sources are not checked. A failing lookup is logged and left out.
/// </summary>
public sealed class UpstreamReleases(
    IHttpClientFactory http,
    GitHubGraphQl graphQl,
    IOptions<UpstreamOptions> upstreams,
    IOptions<AutoFreezerOptions> options,
    ILogger<UpstreamReleases> logger)
{
    public async Task<IReadOnlyDictionary<string, UpstreamRelease>> LatestAsync(IReadOnlyDictionary<string, Kref> mods,
        CancellationToken cancellationToken)
    {
        var found = new System.Collections.Concurrent.ConcurrentDictionary<string, UpstreamRelease>(StringComparer.Ordinal);
        var spaceDock = mods.Where(x => x.Value.Source == "spacedock").ToList();
        await Parallel.ForEachAsync(spaceDock,
            new ParallelOptions { MaxDegreeOfParallelism = Math.Max(1, options.Value.SpaceDockParallelism), CancellationToken = cancellationToken },
            async (mod, ct) =>
            {
                if (await SpaceDockAsync(mod.Key, mod.Value.Id, ct).ConfigureAwait(false) is { } release)
                {
                    found[mod.Key] = release;
                }
            }).ConfigureAwait(false);

        var gitHub = mods.Where(x => x.Value.Source == "github" && x.Value.Id.Split('/').Length == 2).ToList();
        if (gitHub.Count > 0 && !graphQl.HasToken)
        {
            logger.LogWarning("No GitHub:Token: frozen GitHub mods are not checked for new releases");
            gitHub.Clear();
        }
        foreach (var batch in gitHub.Chunk(Math.Max(1, options.Value.GitHubReposPerQuery)))
        {
            var query = new StringBuilder("query {\n");
            for (var i = 0; i < batch.Length; i++)
            {
                var parts = batch[i].Value.Id.Split('/');
                query.Append('m').Append(i.ToString(CultureInfo.InvariantCulture)).Append(": repository(owner: ")
                    .Append(GitHubGraphQl.Literal(parts[0])).Append(", name: ").Append(GitHubGraphQl.Literal(parts[1]))
                    .Append(") { latestRelease { tagName publishedAt } }\n");
            }
            var data = await graphQl.QueryAsync(query.Append('}').ToString(), GraphQlRetry.Default, cancellationToken).ConfigureAwait(false);
            for (var i = 0; i < batch.Length; i++)
            {
                if (data?[$"m{i}"]?["latestRelease"] is JsonObject latest && latest["tagName"]?.GetValue<string>() is { } tag)
                {
                    found[batch[i].Key] = new UpstreamRelease($"GitHub {batch[i].Value.Id}", tag,
                        ParseDate(latest["publishedAt"]?.GetValue<string>()));
                }
            }
        }
        return found;
    }

    private async Task<UpstreamRelease?> SpaceDockAsync(string identifier, string id, CancellationToken cancellationToken)
    {
        try
        {
            using var reply = await http.CreateClient(ServiceHttp.ClientName)
                .GetAsync(UpstreamOptions.Combine(upstreams.Value.SpaceDock, $"api/mod/{Uri.EscapeDataString(id)}"), cancellationToken)
                .ConfigureAwait(false);
            reply.EnsureSuccessStatusCode();
            var mod = JsonNode.Parse(await reply.Content.ReadAsStringAsync(cancellationToken).ConfigureAwait(false)) as JsonObject;
            var versions = mod?["versions"] as JsonArray ?? [];
            var defaultId = mod?["default_version_id"]?.GetValue<long?>();
            var version = versions.OfType<JsonObject>().FirstOrDefault(v => defaultId is { } d && v["id"]?.GetValue<long>() == d)
                          ?? versions.OfType<JsonObject>().FirstOrDefault();
            return version?["friendly_version"]?.GetValue<string>() is { } friendly
                ? new UpstreamRelease($"SpaceDock mod {id}", friendly, ParseDate(version["created"]?.GetValue<string>()))
                : null;
        }
        catch (Exception e) when (e is HttpRequestException or JsonException or InvalidOperationException && !cancellationToken.IsCancellationRequested)
        {
            logger.LogWarning("Could not read the latest SpaceDock release of frozen {Identifier} (mod {Id}): {Problem}", identifier, id, e.Message);
            return null;
        }
    }

    private static DateTimeOffset? ParseDate(string? text) =>
        DateTimeOffset.TryParse(text, CultureInfo.InvariantCulture, DateTimeStyles.AssumeUniversal, out var date) ? date : null;
}
