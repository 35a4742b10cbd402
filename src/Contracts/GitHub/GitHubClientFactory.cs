using System.Net.Http.Headers;
using System.Text;
using System.Text.Json.Nodes;
using NetKAN.Bus.Contracts.Configuration;

namespace NetKAN.Bus.Contracts.GitHub;

/// <summary>
/// The one home of how this process reaches GitHub, built from <see cref="GitHubOptions"/> and the GitHub URLs of
/// <see cref="UpstreamOptions"/>: where each API lives, which token goes where and in which header, the product name
/// and media types. Every GitHub client asks it: the Octokit client of the catalog (<c>CreateOctokitClient</c> in
/// Catalog/GitHub), the GraphQL client of the stages and the inflator's REST requests.
/// </summary>
/// <remarks>
/// It lives in Contracts, beside the options it reads, because that is the one project the inflator, the catalog and
/// the stages all reference; it uses nothing but the base class library, so Contracts stays free of packages (the
/// Octokit half is an extension in Catalog, the only project that carries Octokit).
/// </remarks>
public sealed class GitHubClientFactory
{
    /// <summary>The product name Octokit sends in its User-Agent (<c>NetKAN.Bus (+Octokit …)</c>).</summary>
    public const string ProductName = "NetKAN.Bus";

    /// <summary>The contents API's media type for a file's raw bytes.</summary>
    public const string RawMediaType = "application/vnd.github.v3.raw";

    public GitHubClientFactory(GitHubOptions gitHub, UpstreamOptions upstreams)
    {
        Token = string.IsNullOrWhiteSpace(gitHub.Token) ? null : gitHub.Token;
        OctokitApi = new Uri(gitHub.ApiUrl);
        RestApi = new Uri(upstreams.GitHubApi.TrimEnd('/') + "/");
        GraphQlEndpoint = new Uri(upstreams.GitHubGraphQl);
        Site = new Uri(upstreams.GitHub.TrimEnd('/') + "/");
    }

    /// <summary><c>GitHub:Token</c>, or null when unset or blank.</summary>
    public string? Token { get; }

    public bool HasToken => Token is not null;

    /// <summary><c>GitHub:ApiUrl</c>, the base Octokit is given (Octokit itself adds <c>api/v3/</c> to a host other
    /// than api.github.com, the GitHub Enterprise layout).</summary>
    public Uri OctokitApi { get; }

    /// <summary><c>Upstreams:GitHubApi</c> with one trailing slash: the REST base plain HTTP requests use as is.</summary>
    public Uri RestApi { get; }

    /// <summary><c>Upstreams:GitHubGraphQl</c>: the GraphQL endpoint.</summary>
    public Uri GraphQlEndpoint { get; }

    /// <summary><c>Upstreams:GitHub</c> with one trailing slash: the web site (wiki pages, source archives); never
    /// sent the token.</summary>
    public Uri Site { get; }

    /// <summary>A web site URL: <paramref name="path"/> below <see cref="Site"/>.</summary>
    public Uri SiteUrl(string path) => UpstreamOptions.Combine(Site.AbsoluteUri, path);

    /// <summary>A REST URL: <paramref name="pathAndQuery"/> below <see cref="RestApi"/>.</summary>
    public Uri Rest(string pathAndQuery) => UpstreamOptions.Combine(RestApi.AbsoluteUri, pathAndQuery);

    /// <summary>Whether <paramref name="url"/> is below the REST base (only those requests may carry the token).</summary>
    public bool IsRestApi(Uri url) => url.AbsoluteUri.StartsWith(RestApi.AbsoluteUri, StringComparison.OrdinalIgnoreCase);

    /// <summary>Adds <c>Authorization: token …</c> when a token is set and the request goes to the REST API; a
    /// request to any other host (downloads, SpaceDock, github.com pages) never sees the token.</summary>
    public void AuthorizeRest(HttpRequestMessage request)
    {
        if (Token is not null && request.RequestUri is { } url && IsRestApi(url))
        {
            request.Headers.Authorization = new AuthenticationHeaderValue("token", Token);
        }
    }

    /// <summary>A POST of <paramref name="query"/> to the GraphQL endpoint, <c>Authorization: bearer …</c> when a
    /// token is set (GitHub answers GraphQL only to authenticated callers).</summary>
    public HttpRequestMessage CreateGraphQlRequest(string query)
    {
        var request = new HttpRequestMessage(HttpMethod.Post, GraphQlEndpoint)
        {
            Content = new StringContent(new JsonObject { ["query"] = query }.ToJsonString(), Encoding.UTF8, "application/json"),
        };
        if (Token is not null)
        {
            request.Headers.Authorization = new AuthenticationHeaderValue("bearer", Token);
        }
        return request;
    }
}
