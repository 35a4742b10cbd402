using System.Net;
using System.Runtime.CompilerServices;
using System.Text.Json.Serialization;
using System.Text.Json;
using System.Text.RegularExpressions;
using NetKAN.Bus.Contracts.GitHub;
using NetKAN.Bus.Inflator.Http;

namespace NetKAN.Bus.Inflator.Sources;

public sealed record GitHubUser
{
    [JsonPropertyName("login")] public string? Login { get; init; }
    [JsonPropertyName("type")] public string? Type { get; init; }
}

public sealed record GitHubLicense
{
    [JsonPropertyName("spdx_id")] public string? SpdxId { get; init; }
}

public sealed record GitHubParent
{
    [JsonPropertyName("full_name")] public string? FullName { get; init; }
}

/// <summary>The fields of <c>GET /repos/{o}/{r}</c> the inflator uses.</summary>
public sealed record GitHubRepo
{
    [JsonPropertyName("name")] public string? Name { get; init; }
    [JsonPropertyName("full_name")] public string? FullName { get; init; }
    [JsonPropertyName("description")] public string? Description { get; init; }
    [JsonPropertyName("homepage")] public string? Homepage { get; init; }
    [JsonPropertyName("html_url")] public string? HtmlUrl { get; init; }
    [JsonPropertyName("has_issues")] public bool HasIssues { get; init; }
    [JsonPropertyName("has_discussions")] public bool HasDiscussions { get; init; }
    [JsonPropertyName("has_wiki")] public bool HasWiki { get; init; }
    [JsonPropertyName("archived")] public bool Archived { get; init; }
    [JsonPropertyName("fork")] public bool Fork { get; init; }
    [JsonPropertyName("parent")] public GitHubParent? Parent { get; init; }
    [JsonPropertyName("owner")] public GitHubUser? Owner { get; init; }
    [JsonPropertyName("license")] public GitHubLicense? License { get; init; }
}

public sealed record GitHubAsset
{
    [JsonPropertyName("name")] public string? Name { get; init; }
    [JsonPropertyName("browser_download_url")] public string? BrowserDownloadUrl { get; init; }
    [JsonPropertyName("updated_at")] public string? UpdatedAt { get; init; }
}

/// <summary>The fields of a release from <c>GET /repos/{o}/{r}/releases</c>.</summary>
public sealed record GitHubRelease
{
    [JsonPropertyName("tag_name")] public string? TagName { get; init; }
    [JsonPropertyName("published_at")] public DateTimeOffset? PublishedAt { get; init; }
    [JsonPropertyName("prerelease")] public bool Prerelease { get; init; }
    [JsonPropertyName("draft")] public bool Draft { get; init; }
    [JsonPropertyName("author")] public GitHubUser? Author { get; init; }
    [JsonPropertyName("assets")] public IReadOnlyList<GitHubAsset>? Assets { get; init; }
    [JsonPropertyName("zipball_url")] public string? ZipballUrl { get; init; }
}

/// <summary>GitHub REST client (URLs and token from <see cref="GitHubClientFactory"/>, sent by <see cref="UpstreamHttp"/>).</summary>
internal sealed partial class GitHubApi(UpstreamHttp http, GitHubClientFactory factory)
{
    private static readonly JsonSerializerOptions Json = new();

    public async Task<GitHubRepo> GetRepoAsync(string owner, string repo, CancellationToken ct)
    {
        var text = await http.GetTextAsync(factory.Rest($"repos/{owner}/{repo}"), null, ct).ConfigureAwait(false);
        return JsonSerializer.Deserialize<GitHubRepo>(text, Json) ?? throw new InflationException($"GitHub returned no repository for {owner}/{repo}");
    }

    public async Task<GitHubRepo> GetRepoAsync(string fullName, CancellationToken ct)
    {
        var slash = fullName.IndexOf('/');
        return await GetRepoAsync(fullName[..slash], fullName[(slash + 1)..], ct).ConfigureAwait(false);
    }

    /// <summary>Release pages of 10, fetched lazily until an empty page.</summary>
    public async IAsyncEnumerable<IReadOnlyList<GitHubRelease>> GetReleasePagesAsync(
        string owner, string repo, [EnumeratorCancellation] CancellationToken ct)
    {
        for (var page = 1; ; page++)
        {
            var url = factory.Rest($"repos/{owner}/{repo}/releases?per_page=10&page={page}");
            var text = await http.GetTextAsync(url, null, ct).ConfigureAwait(false);
            var releases = JsonSerializer.Deserialize<List<GitHubRelease>>(text, Json) ?? [];
            if (releases.Count == 0)
            {
                yield break;
            }
            yield return releases;
        }
    }

    public async Task<IReadOnlyList<string>> GetPublicMembersAsync(string org, CancellationToken ct)
    {
        var text = await http.GetTextAsync(factory.Rest($"orgs/{org}/public_members"), null, ct).ConfigureAwait(false);
        var members = JsonSerializer.Deserialize<List<GitHubUser>>(text, Json) ?? [];
        return members.Select(m => m.Login).OfType<string>().ToList();
    }

    /// <summary>HEAD {GitHub}/{o}/{r}/wiki: a 2xx answer means a real wiki; a redirect means none.</summary>
    public async Task<bool> WikiExistsAsync(string owner, string repo, CancellationToken ct)
    {
        var status = await http.HeadAsync(factory.SiteUrl($"{owner}/{repo}/wiki"), ct).ConfigureAwait(false);
        return status is >= HttpStatusCode.OK and < HttpStatusCode.MultipleChoices;
    }

    /// <summary>A file from a repository via the contents API (raw media type).</summary>
    public Task<string> GetFileAsync(string owner, string repo, string branch, string path, CancellationToken ct) =>
        http.GetTextAsync(factory.Rest($"repos/{owner}/{repo}/contents/{path}?ref={Uri.EscapeDataString(branch)}"), GitHubClientFactory.RawMediaType, ct);

    /// <summary>
    /// Recognises <c>github.com/{o}/{r}/(blob|tree|raw)/{branch}/{path}</c> and
    /// <c>raw.githubusercontent.com/{o}/{r}/[refs/heads/]{branch}/{path}</c>.
    /// </summary>
    public static bool TryParseFileUrl(string url, out (string Owner, string Repo, string Branch, string Path) file)
    {
        var m = GitHubFileUrl().Match(url);
        if (!m.Success)
        {
            m = RawFileUrl().Match(url);
        }
        file = m.Success ? (m.Groups["owner"].Value, m.Groups["repo"].Value, m.Groups["branch"].Value, m.Groups["path"].Value) : default;
        return m.Success;
    }

    [GeneratedRegex(@"^https?://github\.com/(?<owner>[^/]+)/(?<repo>[^/]+)/(?:blob|tree|raw)/(?<branch>[^/]+)/(?<path>.+)$", RegexOptions.IgnoreCase)]
    private static partial Regex GitHubFileUrl();

    [GeneratedRegex(@"^https?://raw\.githubusercontent\.com/(?<owner>[^/]+)/(?<repo>[^/]+)/(?:refs/heads/)?(?<branch>[^/]+)/(?<path>.+)$", RegexOptions.IgnoreCase)]
    private static partial Regex RawFileUrl();
}
