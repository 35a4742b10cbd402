using System.Net.Http.Headers;
using System.Text;
using System.Text.Json;
using System.Text.Json.Nodes;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;
using NetKAN.Bus.Services.GitHub;
using NetKAN.Bus.Services.Upstreams;

namespace NetKAN.Bus.Services.DownloadCounter;

/// <summary>
/// GitHub release asset downloads through GraphQL, as the original: up to 10 repositories per query, each an aliased
/// <c>x&lt;identifier with - as _&gt;: repository(owner: "…", name: "…") { ...getDownloads }</c> field whose fragment
/// also walks up to three fork parents; every level's <c>releases(last: 100)</c> × <c>releaseAssets(first: 10)</c>
/// download counts are summed. Rate-limited queries are retried (5 attempts, waits from the answer doubled per
/// attempt); GraphQL errors are logged grouped as <c>message (xN)</c>.
/// </summary>
public sealed class GitHubDownloadCounts(IHttpClientFactory http, IOptions<UpstreamUrls> upstreams,
    IOptions<GitHubOptions> gitHub, IOptions<DownloadCounterOptions> options, TimeProvider time,
    ILogger<GitHubDownloadCounts> logger) : IDownloadCountSource
{
    public const string Fragments = """
        fragment getDownloads on Repository {
            # Check 3 parent repos, GraphQL purposely discourages unbounded recursion
            parent {
                parent {
                    parent {
                        ...downloadsFromRelease
                    }
                    ...downloadsFromRelease
                }
                ...downloadsFromRelease
            }
            ...downloadsFromRelease
        }
        fragment downloadsFromRelease on Repository {
            releases(last: 100) { nodes {
                releaseAssets(first: 10) { nodes {
                    downloadCount
                } }
            } }
        }
        """;

    public DownloadHost Host => DownloadHost.GitHub;

    public async Task<IReadOnlyDictionary<string, long>> CountAsync(IReadOnlyList<CountRequest> requests, CancellationToken cancellationToken)
    {
        var counts = new Dictionary<string, long>(StringComparer.Ordinal);
        if (string.IsNullOrWhiteSpace(gitHub.Value.Token))
        {
            logger.LogWarning("No GitHub:Token: GitHub's GraphQL API needs one, so GitHub downloads are not counted");
            return counts;
        }
        foreach (var batch in requests.Chunk(Math.Max(1, options.Value.GitHubReposPerQuery)))
        {
            var aliases = Aliases(batch);
            var data = await QueryAsync(Query(aliases), cancellationToken).ConfigureAwait(false);
            if (data is null)
            {
                continue;
            }
            foreach (var (alias, request) in aliases)
            {
                if (data[alias] is JsonObject repository)
                {
                    counts[request.Key] = Sum(repository);
                }
            }
        }
        return counts;
    }

    /// <summary>The query text for aliased repositories.</summary>
    public static string Query(IReadOnlyList<KeyValuePair<string, CountRequest>> aliases)
    {
        var text = new StringBuilder("query {\n");
        foreach (var (alias, request) in aliases)
        {
            var (owner, name) = Split(request.Key);
            text.Append(alias).Append(": repository(owner: \"").Append(Escape(owner)).Append("\", name: \"").Append(Escape(name))
                .Append("\") { ...getDownloads }\n");
        }
        return text.Append("}\n").Append(Fragments).ToString();
    }

    /// <summary><c>x</c> + the identifier with <c>-</c> as <c>_</c> (GraphQL names cannot start with a digit or hold
    /// dashes); a second repository of the same mod in one query gets a <c>__2</c> suffix.</summary>
    public static IReadOnlyList<KeyValuePair<string, CountRequest>> Aliases(IEnumerable<CountRequest> batch)
    {
        var result = new List<KeyValuePair<string, CountRequest>>();
        var used = new HashSet<string>(StringComparer.Ordinal);
        foreach (var request in batch)
        {
            var alias = "x" + request.Identifier.Replace('-', '_');
            for (var n = 2; !used.Add(alias); n++)
            {
                alias = $"x{request.Identifier.Replace('-', '_')}__{n}";
            }
            result.Add(new(alias, request));
        }
        return result;
    }

    private async Task<JsonObject?> QueryAsync(string query, CancellationToken cancellationToken)
    {
        var settings = options.Value;
        for (var attempt = 0; attempt < settings.GitHubAttempts; attempt++)
        {
            using var request = new HttpRequestMessage(HttpMethod.Post, upstreams.Value.GitHubGraphQl)
            {
                Content = new StringContent(new JsonObject { ["query"] = query }.ToJsonString(), Encoding.UTF8, "application/json"),
            };
            request.Headers.Authorization = new AuthenticationHeaderValue("bearer", gitHub.Value.Token);
            using var timeout = SpaceDockDownloadCounts.Timeout(settings, cancellationToken);
            using var reply = await http.CreateClient(ServiceHttp.ClientName).SendAsync(request, timeout.Token).ConfigureAwait(false);
            var body = await reply.Content.ReadAsStringAsync(timeout.Token).ConfigureAwait(false);
            var json = TryParse(body);
            var rateLimited = !reply.IsSuccessStatusCode || HasRateLimitError(json);
            if (!rateLimited)
            {
                LogErrors(json);
                return json?["data"] as JsonObject;
            }
            var wait = RateLimitWaits.For(reply, attempt, time.GetUtcNow(), settings.RateLimitWait, settings.MaxRateLimitWait);
            if (wait is null || attempt + 1 >= settings.GitHubAttempts)
            {
                logger.LogError("GitHub GraphQL query failed: HTTP {Status} {Body}", (int)reply.StatusCode, body.Length > 300 ? body[..300] : body);
                return null;
            }
            logger.LogWarning("GitHub rate limit reached; waiting {Wait} before attempt {Attempt}", wait, attempt + 2);
            await Task.Delay(wait.Value, time, cancellationToken).ConfigureAwait(false);
        }
        return null;
    }

    private void LogErrors(JsonObject? json)
    {
        if (json?["errors"] is JsonArray { Count: > 0 } errors)
        {
            var grouped = errors.Select(x => x?["message"]?.GetValue<string>() ?? "(no message)")
                .GroupBy(x => x, StringComparer.Ordinal)
                .Select(g => $"{g.Key} (x{g.Count()})");
            logger.LogError("DownloadCounter errors in GraphQL query: {Errors}", string.Join(", ", grouped));
        }
    }

    private static bool HasRateLimitError(JsonObject? json) =>
        json?["errors"] is JsonArray errors && errors.Any(x => x?["type"]?.GetValue<string>() == "RATE_LIMITED");

    private static JsonObject? TryParse(string body)
    {
        try
        {
            return JsonNode.Parse(body) as JsonObject;
        }
        catch (JsonException)
        {
            return null;
        }
    }

    /// <summary>Downloads of every release asset of the repository and its fork parents.</summary>
    private static long Sum(JsonObject repository)
    {
        long total = repository["parent"] is JsonObject parent ? Sum(parent) : 0;
        foreach (var release in repository["releases"]?["nodes"]?.AsArray() ?? [])
        {
            foreach (var asset in release?["releaseAssets"]?["nodes"]?.AsArray() ?? [])
            {
                total += asset?["downloadCount"]?.GetValue<long>() ?? 0;
            }
        }
        return total;
    }

    private static (string Owner, string Name) Split(string key)
    {
        var slash = key.IndexOf('/', StringComparison.Ordinal);
        return (key[..slash], key[(slash + 1)..]);
    }

    private static string Escape(string text) => text.Replace("\\", "\\\\", StringComparison.Ordinal).Replace("\"", "\\\"", StringComparison.Ordinal);
}
