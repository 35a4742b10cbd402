namespace NetKAN.Bus.Services.Upstreams;

/// <summary>
/// Base URLs of the external services the mirrorer, download counter, adder and auto-freezer talk to, bound from the
/// <c>Upstreams</c> section (the inflator binds its own keys from the same section). Defaults are the real services;
/// tests and the demo point them at loopback fakes.
/// </summary>
public sealed class UpstreamUrls
{
    public const string Section = "Upstreams";

    /// <summary><c>Upstreams:ArchiveS3</c>: the Internet Archive's S3-like API (uploads, <c>check_limit</c>).</summary>
    public string ArchiveS3 { get; set; } = "https://s3.us.archive.org";

    /// <summary><c>Upstreams:Archive</c>: archive.org (the item metadata API <c>/metadata/&lt;item&gt;</c>).</summary>
    public string Archive { get; set; } = "https://archive.org";

    /// <summary><c>Upstreams:ArchiveViews</c>: the views API (<c>/views/v1/short/&lt;items&gt;</c>).</summary>
    public string ArchiveViews { get; set; } = "https://be-api.us.archive.org";

    /// <summary><c>Upstreams:GitHubGraphQl</c>: GitHub's GraphQL endpoint.</summary>
    public string GitHubGraphQl { get; set; } = "https://api.github.com/graphql";

    /// <summary><c>Upstreams:GitHub</c>: the GitHub web site; source archives of github.com repositories are fetched
    /// from here (so the demo can serve them).</summary>
    public string GitHub { get; set; } = "https://github.com";

    /// <summary><c>Upstreams:SpaceDock</c>: SpaceDock (download counts, mod API, download pages).</summary>
    public string SpaceDock { get; set; } = "https://spacedock.info";

    /// <summary><c>Upstreams:SourceForge</c>: SourceForge (download statistics).</summary>
    public string SourceForge { get; set; } = "https://sourceforge.net";

    /// <summary>Joins a base URL and a path with exactly one slash.</summary>
    public static Uri Combine(string baseUrl, string path) => new(baseUrl.TrimEnd('/') + "/" + path.TrimStart('/'));
}
