using System.Text.Json.Nodes;
using System.Text.RegularExpressions;
using NetKAN.Bus.Inflator.Json;
using NetKAN.Bus.Inflator.Sources;

namespace NetKAN.Bus.Inflator.Transformers;

/// <summary>
/// <c>$kref #/ckan/github/{owner}/{repo}[/asset_match/{re}|/version_from_asset/{re}]</c> with
/// <c>x_netkan_github{use_source_archive, prereleases}</c>: one module per release (or per matching asset).
/// </summary>
internal sealed partial class GitHubTransformer(GitHubApi api) : ITransformer
{
    public string Name => "github";

    public async ValueTask<IReadOnlyList<JsonObject>> TransformAsync(JsonObject module, InflationContext context, CancellationToken ct)
    {
        if (RemoteRef.TryParse(module.GetString("$kref")) is not { Source: "github" } kref)
        {
            return [module];
        }
        context.FlakyApi = true;
        var m = RefPattern().Match(kref.Id ?? "");
        if (!m.Success)
        {
            throw new InflationException($"{context.Identifier}: invalid GitHub $kref {kref}");
        }
        var owner = m.Groups["account"].Value;
        var project = m.Groups["project"].Value;
        var assetMatch = m.Groups["assetMatch"].Success ? UserPatterns.Create(m.Groups["assetMatch"].Value, "asset_match", context.Identifier) : null;
        var versionFromAsset = m.Groups["versionFromAsset"].Success ? UserPatterns.Create(m.Groups["versionFromAsset"].Value, "version_from_asset", context.Identifier) : null;
        if (versionFromAsset is not null && !versionFromAsset.GetGroupNames().Contains("version"))
        {
            throw new InflationException("version_from_asset contains no 'version' capturing group");
        }
        var filter = versionFromAsset ?? assetMatch ?? new Regex(@"\.zip$", RegexOptions.IgnoreCase);
        var options = module["x_netkan_github"] as JsonObject;
        var useSourceArchive = options?["use_source_archive"].AsBool() ?? false;
        var prereleases = options?["prereleases"].AsBool();

        var repo = await api.GetRepoAsync(owner, project, ct).ConfigureAwait(false);
        var releases = new List<GitHubRelease>();
        await foreach (var page in api.GetReleasePagesAsync(owner, project, ct).ConfigureAwait(false))
        {
            releases.AddRange(page
                .Where(r => !r.Draft && (prereleases is null || r.Prerelease == prereleases)
                            && (useSourceArchive || (r.Assets ?? []).Any(a => filter.IsMatch(a.Name ?? ""))))
                .OrderByDescending(r => r.PublishedAt));
            if (releases.Count >= context.Releases)
            {
                break;
            }
        }
        releases = releases.Take(context.Releases).ToList();
        if (releases.Count == 0)
        {
            context.Warn($"No releases found for {owner}/{project}"
                         + (assetMatch is not null ? $" with asset_match {assetMatch}" : "")
                         + (versionFromAsset is not null ? $" with version_from_asset {versionFromAsset}" : ""));
            return [module];
        }

        var outputs = new List<JsonObject>();
        foreach (var release in releases)
        {
            var authors = await AuthorsAsync(repo, release, ct).ConfigureAwait(false);
            var tag = release.TagName ?? "";
            if (useSourceArchive)
            {
                outputs.Add(await BuildAsync(module, repo, release, tag, release.ZipballUrl, ReleaseDates.Normalize(release.PublishedAt?.ToString("o")),
                    authors, "application/vnd.github+json", ct).ConfigureAwait(false));
                continue;
            }
            var assets = (release.Assets ?? []).Where(a => filter.IsMatch(a.Name ?? "")).ToList();
            if (versionFromAsset is not null)
            {
                foreach (var asset in assets)
                {
                    var version = versionFromAsset.Match(asset.Name ?? "").Groups["version"].Value;
                    outputs.Add(await BuildAsync(module, repo, release, version, asset.BrowserDownloadUrl, ReleaseDates.Normalize(asset.UpdatedAt),
                        authors, null, ct).ConfigureAwait(false));
                }
                continue;
            }
            if (assets.Count > 1)
            {
                context.Warn($"Multiple assets found for {context.Identifier} {tag} without 'version_from_asset'");
            }
            outputs.Add(await BuildAsync(module, repo, release, tag, assets[0].BrowserDownloadUrl, ReleaseDates.Normalize(assets[0].UpdatedAt),
                authors, null, ct).ConfigureAwait(false));
        }
        return outputs;
    }

    private async Task<JsonObject> BuildAsync(JsonObject module, GitHubRepo repo, GitHubRelease release, string version,
        string? download, string? releaseDate, JsonNode? authors, string? contentType, CancellationToken ct)
    {
        var json = module.CloneObject();
        json.SafeAdd("name", RepoNameToTitle(repo.Name ?? ""));
        if (!string.IsNullOrWhiteSpace(repo.Description))
        {
            // Verbatim, as the real inflator: trimming would rewrite .ckan files whose abstract ends in a space.
            json.SafeAdd("abstract", repo.Description);
        }
        if (repo.License?.SpdxId is { } spdx && spdx != "NOASSERTION")
        {
            json.SafeAdd("license", spdx);
        }
        if (json["resources"] is not JsonObject resources)
        {
            resources = new JsonObject();
            json["resources"] = resources;
        }
        await SetRepoResourcesAsync(repo, resources, api, ct).ConfigureAwait(false);
        json.SafeAdd("version", version);
        json.SafeAdd("author", authors);
        json.Remove("$kref");
        json.SafeAdd("download", download?.Replace(" ", "%20", StringComparison.Ordinal));
        json.SafeAdd("release_date", releaseDate);
        if (contentType is not null)
        {
            json.SafeAdd("download_content_type", contentType);
        }
        if (release.Prerelease)
        {
            json.SafeAdd("release_status", "testing");
        }
        if (json["x_netkan_version_pieces"] is not JsonObject pieces)
        {
            pieces = new JsonObject();
            json["x_netkan_version_pieces"] = pieces;
        }
        pieces["tag"] = release.TagName;
        return json;
    }

    /// <summary>repository, homepage, bugtracker, discussions and manual (only when the wiki really exists).</summary>
    internal static async Task SetRepoResourcesAsync(GitHubRepo repo, JsonObject resources, GitHubApi api, CancellationToken ct)
    {
        resources.SafeAdd("repository", repo.HtmlUrl);
        if (!string.IsNullOrWhiteSpace(repo.Homepage))
        {
            resources.SafeAdd("homepage", UriNormalizer.Normalize(repo.Homepage));
        }
        if (repo.HasIssues)
        {
            resources.SafeAdd("bugtracker", $"{repo.HtmlUrl}/issues");
        }
        if (repo.HasDiscussions)
        {
            resources.SafeAdd("discussions", $"{repo.HtmlUrl}/discussions");
        }
        if (repo.HasWiki && !resources.ContainsKey("manual") && repo.FullName?.Split('/') is [var o, var r]
            && await api.WikiExistsAsync(o, r, ct).ConfigureAwait(false))
        {
            resources.SafeAdd("manual", $"{repo.HtmlUrl}/wiki");
        }
    }

    /// <summary>Owners along the fork chain (root first), then the release author; orgs expand to public members.</summary>
    private async Task<JsonNode?> AuthorsAsync(GitHubRepo repo, GitHubRelease release, CancellationToken ct)
    {
        var chain = new List<GitHubUser?>();
        var current = repo;
        for (var depth = 0; depth < 10; depth++)
        {
            chain.Insert(0, current.Owner);
            if (!current.Fork || current.Parent?.FullName is not { } parent)
            {
                break;
            }
            current = await api.GetRepoAsync(parent, ct).ConfigureAwait(false);
        }
        chain.Add(release.Author);
        var names = new List<string?>();
        foreach (var user in chain)
        {
            switch (user?.Type)
            {
                case "User":
                    names.Add(user.Login);
                    break;
                case "Organization" when user.Login is { } org:
                    names.AddRange(await api.GetPublicMembersAsync(org, ct).ConfigureAwait(false));
                    break;
            }
        }
        return names.ToValueOrArray();
    }

    /// <summary>repo name → display name: _, - or . become spaces, otherwise CamelCase is split.</summary>
    internal static string RepoNameToTitle(string name) =>
        name.Contains('_') ? name.Replace('_', ' ')
        : name.Contains('-') ? name.Replace('-', ' ')
        : name.Contains('.') ? name.Replace('.', ' ')
        : CamelCase().Replace(name, " ");

    [GeneratedRegex(@"^(?<account>[^/]+)/(?<project>[^/]+)(?:(/asset_match/(?<assetMatch>.+))|(/version_from_asset/(?<versionFromAsset>.+)))?$")]
    private static partial Regex RefPattern();

    [GeneratedRegex("(?<=[a-z])(?=[A-Z])|(?<=.)(?=[A-Z][a-z])")]
    private static partial Regex CamelCase();
}
