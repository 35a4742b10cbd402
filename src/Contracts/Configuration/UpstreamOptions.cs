using NetKAN.Bus.Contracts.Configuration;
namespace NetKAN.Bus.Contracts.Configuration;

/// <summary>
/// Base URLs of every external service, bound from the <c>Upstreams</c> section by every project that talks to one
/// (inflator, mirrorer, download counter, adder, auto-freezer), e.g. <c>Upstreams__SpaceDock=http://127.0.0.1:5000</c>.
/// Defaults are the real services; tests and the demo point them at loopback fakes. One class for the one section.
/// </summary>
public sealed class UpstreamOptions
{
    public const string Section = "Upstreams";

    /// <summary>The original's USER_AGENT, the default every plain HTTP request to an upstream sends (the inflator's
    /// <c>Inflator:UserAgent</c> may replace it there).</summary>
    public const string BotUserAgent = "Mozilla/5.0 (compatible; Netkanbot/1.0; CKAN; +https://github.com/KSP-CKAN/NetKAN-Infra)";

    /// <summary><c>Upstreams:SpaceDock</c>: SpaceDock site and API (mod API, download paths and pages, counts).</summary>
    public string SpaceDock { get; set; } = "https://spacedock.info";

    /// <summary><c>Upstreams:GitHubApi</c>: GitHub REST API as the inflator uses it.</summary>
    public string GitHubApi { get; set; } = "https://api.github.com";

    /// <summary><c>Upstreams:GitHub</c>: the GitHub web site (wiki HEAD checks, recognising github.com links, source
    /// archives of github.com repositories).</summary>
    public string GitHub { get; set; } = "https://github.com";

    /// <summary><c>Upstreams:Gitea:{host}</c>: Gitea/Forgejo base URLs by host; unlisted hosts use https://{host}.</summary>
    public Dictionary<string, string> Gitea { get; set; } = new(StringComparer.OrdinalIgnoreCase);

    /// <summary><c>Upstreams:ArchiveS3</c>: the Internet Archive's S3-like API (uploads, <c>check_limit</c>).</summary>
    public string ArchiveS3 { get; set; } = "https://s3.us.archive.org";

    /// <summary><c>Upstreams:Archive</c>: archive.org (the item metadata API <c>/metadata/&lt;item&gt;</c>).</summary>
    public string Archive { get; set; } = "https://archive.org";

    /// <summary><c>Upstreams:ArchiveViews</c>: the views API (<c>/views/v1/short/&lt;items&gt;</c>).</summary>
    public string ArchiveViews { get; set; } = "https://be-api.us.archive.org";

    /// <summary><c>Upstreams:GitHubGraphQl</c>: GitHub's GraphQL endpoint.</summary>
    public string GitHubGraphQl { get; set; } = "https://api.github.com/graphql";

    /// <summary><c>Upstreams:SourceForge</c>: SourceForge (download statistics).</summary>
    public string SourceForge { get; set; } = "https://sourceforge.net";

    /// <summary>Joins a base URL and a path with exactly one slash.</summary>
    public static Uri Combine(string baseUrl, string path) => new(baseUrl.TrimEnd('/') + "/" + path.TrimStart('/'));
}
