using System.Text.Json.Nodes;

namespace NetKAN.Bus.TestSupport;

/// <summary>A SpaceDock version for <see cref="Hosts.SpaceDockMod"/>.</summary>
public sealed record SdVersion(int Id, string Version, string DownloadPath, string GameVersion = "1.12.5",
    string Created = "2026-03-04T05:06:07.123456+00:00");

/// <summary>A GitHub release for <see cref="Hosts.GitHubRepo"/>.</summary>
public sealed record GhRelease(string Tag, string PublishedAt = "2026-03-04T05:06:07Z", bool Prerelease = false,
    string Author = "gh-author", string AuthorType = "User")
{
    public List<(string Name, string Url, string UpdatedAt)> Assets { get; } = [];

    public GhRelease Asset(string name, string url, string updatedAt = "2026-03-04T05:07:08Z")
    {
        Assets.Add((name, url, updatedAt));
        return this;
    }
}

/// <summary>Helpers that register realistic SpaceDock / GitHub answers on a <see cref="CannedUpstream"/>.</summary>
public static class Hosts
{
    public static void SpaceDockMod(this CannedUpstream fake, int id, string name, IReadOnlyList<SdVersion> versions,
        string license = "MIT", string author = "sd-author", string[]? sharedAuthors = null, string? website = null,
        string? sourceCode = null, string shortDescription = "A mod from SpaceDock", int? defaultVersionId = null)
    {
        var json = new JsonObject
        {
            ["id"] = id,
            ["name"] = name,
            ["short_description"] = shortDescription,
            ["author"] = author,
            ["shared_authors"] = new JsonArray((sharedAuthors ?? []).Select(a => (JsonNode?)new JsonObject { ["username"] = a }).ToArray()),
            ["license"] = license,
            ["website"] = website,
            ["source_code"] = sourceCode,
            ["background"] = null,
            ["default_version_id"] = defaultVersionId ?? versions.FirstOrDefault()?.Id,
            ["versions"] = new JsonArray(versions.Select(v => (JsonNode?)new JsonObject
            {
                ["id"] = v.Id,
                ["friendly_version"] = v.Version,
                ["game_version"] = v.GameVersion,
                ["download_path"] = v.DownloadPath,
                ["created"] = v.Created,
            }).ToArray()),
        };
        fake.Get($"/sd/api/mod/{id}", FakeResponse.Json(json));
    }

    public static void GitHubRepo(this CannedUpstream fake, string owner, string repo, IReadOnlyList<GhRelease> releases,
        string? description = "A mod from GitHub", string? license = "MIT", string ownerType = "User", bool hasIssues = true,
        bool hasWiki = false, bool wikiExists = false, bool hasDiscussions = false, string? homepage = null,
        string? parent = null, bool archived = false)
    {
        var htmlUrl = $"https://github.com/{owner}/{repo}";
        fake.Get($"/ghapi/repos/{owner}/{repo}", FakeResponse.Json(new JsonObject
        {
            ["name"] = repo,
            ["full_name"] = $"{owner}/{repo}",
            ["description"] = description,
            ["homepage"] = homepage,
            ["html_url"] = htmlUrl,
            ["has_issues"] = hasIssues,
            ["has_wiki"] = hasWiki,
            ["has_discussions"] = hasDiscussions,
            ["archived"] = archived,
            ["fork"] = parent is not null,
            ["parent"] = parent is null ? null : new JsonObject { ["full_name"] = parent },
            ["owner"] = new JsonObject { ["login"] = owner, ["type"] = ownerType },
            ["license"] = license is null ? null : new JsonObject { ["spdx_id"] = license },
        }));
        var pages = releases.Chunk(10).ToList();
        for (var i = 0; i <= pages.Count; i++)
        {
            var page = i < pages.Count ? pages[i] : [];
            fake.Get($"/ghapi/repos/{owner}/{repo}/releases?per_page=10&page={i + 1}", FakeResponse.Json(new JsonArray(page.Select(r => (JsonNode?)new JsonObject
            {
                ["tag_name"] = r.Tag,
                ["published_at"] = r.PublishedAt,
                ["prerelease"] = r.Prerelease,
                ["draft"] = false,
                ["author"] = new JsonObject { ["login"] = r.Author, ["type"] = r.AuthorType },
                ["zipball_url"] = $"{fake.GitHubApi}/repos/{owner}/{repo}/zipball/{r.Tag}",
                ["assets"] = new JsonArray(r.Assets.Select(a => (JsonNode?)new JsonObject
                {
                    ["name"] = a.Name,
                    ["browser_download_url"] = a.Url,
                    ["updated_at"] = a.UpdatedAt,
                }).ToArray()),
            }).ToArray())));
        }
        if (hasWiki)
        {
            fake.Set($"HEAD /gh/{owner}/{repo}/wiki", wikiExists
                ? new FakeResponse(200, [])
                : new FakeResponse(302, []) { Headers = { ["Location"] = $"{fake.GitHub}/{owner}/{repo}" } });
        }
    }

    public static void OrgMembers(this CannedUpstream fake, string org, params string[] logins) =>
        fake.Get($"/ghapi/orgs/{org}/public_members",
            FakeResponse.Json(new JsonArray(logins.Select(l => (JsonNode?)new JsonObject { ["login"] = l, ["type"] = "User" }).ToArray())));

    /// <summary>Serves <paramref name="zip"/> at <c>/files/{name}</c> and returns its URL.</summary>
    public static string Package(this CannedUpstream fake, string name, byte[] zip)
    {
        fake.Get($"/files/{name}", FakeResponse.Bytes(zip));
        return $"{fake.Files}/{name}";
    }

    /// <summary>Serves <paramref name="zip"/> at the SpaceDock download path.</summary>
    public static void SpaceDockFile(this CannedUpstream fake, string downloadPath, byte[] zip) =>
        fake.Get("/sd/" + downloadPath.TrimStart('/'), FakeResponse.Bytes(zip));

    public static string AvcFile(string version, string? min = "1.12.0", string? max = "1.12.99", string? url = null, string? ksp = null)
    {
        var json = new JsonObject { ["NAME"] = "Mod", ["VERSION"] = version };
        if (url is not null) json["URL"] = url;
        if (ksp is not null) json["KSP_VERSION"] = ksp;
        if (min is not null) json["KSP_VERSION_MIN"] = min;
        if (max is not null) json["KSP_VERSION_MAX"] = max;
        return json.ToJsonString();
    }
}
