using System.Text;
using System.Text.Json.Nodes;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;
using NetKAN.Bus.Services.Upstreams;

namespace NetKAN.Bus.Services.DownloadCounter;

/// <summary>
/// GitHub release asset downloads through GraphQL, as the original: up to 10 repositories per query, each an aliased
/// <c>x&lt;identifier with - as _&gt;: repository(owner: "…", name: "…") { ...getDownloads }</c> field whose fragment
/// also walks up to three fork parents; every level's <c>releases(last: 100)</c> × <c>releaseAssets(first: 10)</c>
/// download counts are summed. Rate-limited queries are retried (5 attempts, waits from the answer doubled per
/// attempt); GraphQL errors are logged grouped as <c>message (xN)</c>.
/// </summary>
public sealed class GitHubDownloadCounts(GitHubGraphQl graphQl, IOptions<DownloadCounterOptions> options,
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
        if (!graphQl.HasToken)
        {
            logger.LogWarning("No GitHub:Token: GitHub's GraphQL API needs one, so GitHub downloads are not counted");
            return counts;
        }
        foreach (var batch in requests.Chunk(Math.Max(1, options.Value.GitHubReposPerQuery)))
        {
            var aliases = Aliases(batch);
            var settings = options.Value;
            var retry = new GraphQlRetry(settings.GitHubAttempts, settings.RateLimitWait, settings.MaxRateLimitWait, settings.RequestTimeout);
            var data = await graphQl.QueryAsync(Query(aliases), retry, cancellationToken).ConfigureAwait(false);
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
            text.Append(alias).Append(": repository(owner: ").Append(GitHubGraphQl.Literal(owner))
                .Append(", name: ").Append(GitHubGraphQl.Literal(name)).Append(") { ...getDownloads }\n");
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
}
