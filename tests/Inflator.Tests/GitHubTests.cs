using System.Text.Json.Nodes;
using NetKAN.Bus.TestSupport;

namespace NetKAN.Bus.Inflator.Tests;

public sealed class GitHubTests
{
    private static byte[] Zip(string identifier, string? version = null) =>
        version is null
            ? new ZipBuilder().File($"GameData/{identifier}/{identifier}.dll", "dll").Build()
            : new ZipBuilder().File($"GameData/{identifier}/{identifier}.dll", "dll")
                .File($"GameData/{identifier}/{identifier}.version", Hosts.AvcFile(version)).Build();

    [Fact]
    public async Task Inflates_the_newest_release_with_repo_resources_and_org_authors()
    {
        await using var h = await InflatorHarness.StartAsync();
        var url = h.Fake.Package("Foo-1.0.zip", Zip("Foo"));
        h.Fake.GitHubRepo("SomeOrg", "FooBar",
        [
            new GhRelease("v1.0", "2026-02-01T00:00:00Z", Author: "bob").Asset("Foo-1.0.zip", url).Asset("Foo-1.0.zip.sig", url + ".sig"),
            new GhRelease("v0.9", "2026-01-01T00:00:00Z").Asset("Foo-0.9.zip", url),
        ], ownerType: "Organization", hasWiki: true, wikiExists: true, hasDiscussions: true, homepage: "https://foo.example/");
        h.Fake.OrgMembers("SomeOrg", "alice", "bob");

        var result = await h.InflateAsync("""{"identifier": "Foo", "$kref": "#/ckan/github/SomeOrg/FooBar", "tags": ["plugin"]}""", "Foo");

        Assert.True(result.Success, result.ErrorMessage);
        var json = JsonNode.Parse(Assert.Single(result.Modules).Ckan)!.AsObject();
        Assert.Equal("v1.0", (string?)json["version"]);
        Assert.Equal("Foo Bar", (string?)json["name"]);
        Assert.Equal("A mod from GitHub", (string?)json["abstract"]);
        Assert.Equal("MIT", (string?)json["license"]);
        Assert.Equal(["alice", "bob"], json["author"]!.AsArray().Select(a => (string)a!));
        Assert.Equal(url, (string?)json["download"]);
        Assert.Equal("2026-03-04T05:07:08Z", (string?)json["release_date"]);
        var resources = json["resources"]!.AsObject();
        Assert.Equal(["homepage", "repository", "bugtracker", "manual", "discussions"], resources.Select(kv => kv.Key));
        Assert.Equal("https://github.com/SomeOrg/FooBar/wiki", (string?)resources["manual"]);
        Assert.Null(json["x_netkan_version_pieces"]);
        Assert.Contains(h.Fake.RequestHeaders, r => r.UserAgent!.Contains("Netkanbot/1.0", StringComparison.Ordinal));
    }

    [Fact]
    public async Task Asset_match_picks_the_matching_asset_and_warns_on_several()
    {
        await using var h = await InflatorHarness.StartAsync();
        var good = h.Fake.Package("Foo-Linux.zip", Zip("Foo"));
        h.Fake.GitHubRepo("o", "Foo", [new GhRelease("1.0").Asset("Foo-Windows.zip", h.Fake.Files + "/nope.zip").Asset("Foo-Linux.zip", good).Asset("Foo-Linux-debug.zip", good)]);

        var result = await h.InflateAsync("""{"identifier": "Foo", "$kref": "#/ckan/github/o/Foo/asset_match/Linux", "license": "MIT"}""", "Foo");

        Assert.True(result.Success, result.ErrorMessage);
        Assert.Equal(good, (string?)JsonNode.Parse(result.Modules[0].Ckan)!["download"]);
        Assert.Contains("Multiple assets found for Foo 1.0 without 'version_from_asset'", result.Warnings);
        Assert.Contains("Tags not found, see https://github.com/KSP-CKAN/CKAN/wiki/Suggested-Tags", result.Warnings);
    }

    [Fact]
    public async Task Version_from_asset_takes_the_version_group()
    {
        await using var h = await InflatorHarness.StartAsync();
        var url = h.Fake.Package("Foo_2.3.4.zip", Zip("Foo"));
        h.Fake.GitHubRepo("o", "Foo", [new GhRelease("release-x").Asset("Foo_2.3.4.zip", url)]);

        var result = await h.InflateAsync("""{"identifier": "Foo", "$kref": "#/ckan/github/o/Foo/version_from_asset/^Foo_(?<version>.+)\\.zip$", "license": "MIT"}""", "Foo");

        Assert.True(result.Success, result.ErrorMessage);
        Assert.Equal("2.3.4", result.Modules[0].Version);
    }

    [Fact]
    public async Task Prereleases_false_skips_prereleases_and_prereleases_get_testing_status()
    {
        await using var h = await InflatorHarness.StartAsync();
        var url = h.Fake.Package("Foo.zip", Zip("Foo"));
        h.Fake.GitHubRepo("o", "Foo",
        [
            new GhRelease("2.0-beta", "2026-05-01T00:00:00Z", Prerelease: true).Asset("Foo.zip", url),
            new GhRelease("1.0", "2026-04-01T00:00:00Z").Asset("Foo.zip", url),
        ]);

        var stable = await h.InflateAsync("""{"identifier": "Foo", "$kref": "#/ckan/github/o/Foo", "license": "MIT", "x_netkan_github": {"prereleases": false}}""", "Foo");
        var any = await h.InflateAsync("""{"identifier": "Foo", "$kref": "#/ckan/github/o/Foo", "license": "MIT"}""", "Foo");

        Assert.Equal("1.0", Assert.Single(stable.Modules).Version);
        var pre = JsonNode.Parse(Assert.Single(any.Modules).Ckan)!.AsObject();
        Assert.Equal("2.0-beta", (string?)pre["version"]);
        Assert.Equal("testing", (string?)pre["release_status"]);
        Assert.Equal("v1.36", (string?)pre["spec_version"]);
        Assert.Null(pre["download_hash"]!["sha1"]);
        Assert.NotNull(pre["download_hash"]!["sha256"]);
    }

    [Fact]
    public async Task Fork_chain_owners_come_first_and_bots_are_skipped()
    {
        await using var h = await InflatorHarness.StartAsync();
        var url = h.Fake.Package("Foo.zip", Zip("Foo"));
        h.Fake.GitHubRepo("forker", "Foo", [new GhRelease("1.0", Author: "dependabot", AuthorType: "Bot").Asset("Foo.zip", url)], parent: "original/Foo");
        h.Fake.GitHubRepo("original", "Foo", []);

        var result = await h.InflateAsync("""{"identifier": "Foo", "$kref": "#/ckan/github/forker/Foo", "license": "MIT"}""", "Foo");

        Assert.True(result.Success, result.ErrorMessage);
        Assert.Equal(["original", "forker"], JsonNode.Parse(result.Modules[0].Ckan)!["author"]!.AsArray().Select(a => (string)a!));
    }

    [Fact]
    public async Task Source_archive_uses_the_zipball_and_the_github_content_type()
    {
        await using var h = await InflatorHarness.StartAsync();
        h.Fake.GitHubRepo("o", "Foo", [new GhRelease("1.0", "2026-04-01T10:11:12Z")]);
        h.Fake.Get("/ghapi/repos/o/Foo/zipball/1.0", FakeResponse.Bytes(new ZipBuilder().File("o-Foo-abc/GameData/Foo/Foo.cfg", "x").Build()));

        var result = await h.InflateAsync("""{"identifier": "Foo", "$kref": "#/ckan/github/o/Foo", "license": "MIT", "x_netkan_github": {"use_source_archive": true}}""", "Foo");

        Assert.True(result.Success, result.ErrorMessage);
        var json = JsonNode.Parse(result.Modules[0].Ckan)!;
        Assert.Equal("application/vnd.github+json", (string?)json["download_content_type"]);
        Assert.Equal("2026-04-01T10:11:12Z", (string?)json["release_date"]);
        Assert.EndsWith("/zipball/1.0", (string?)json["download"]);
    }

    [Fact]
    public async Task No_matching_asset_fails_with_a_warning_and_a_clear_error()
    {
        await using var h = await InflatorHarness.StartAsync();
        h.Fake.GitHubRepo("o", "Foo", [new GhRelease("1.0").Asset("Foo.tar.gz", h.Fake.Files + "/Foo.tar.gz")]);

        var result = await h.InflateAsync("""{"identifier": "Foo", "$kref": "#/ckan/github/o/Foo", "license": "MIT"}""", "Foo");

        Assert.False(result.Success);
        Assert.Contains("No releases found for o/Foo", result.Warnings);
        Assert.Contains("Foo", result.ErrorMessage);
    }

    [Fact]
    public async Task Rate_limit_becomes_a_retryable_failure()
    {
        await using var h = await InflatorHarness.StartAsync();
        h.Fake.Get("/ghapi/repos/o/Foo", new FakeResponse(403, "{\"message\":\"API rate limit exceeded\"}"u8.ToArray())
        {
            Headers = { ["X-RateLimit-Remaining"] = "0", ["X-RateLimit-Reset"] = "1893456000" },
        });

        var result = await h.InflateAsync("""{"identifier": "Foo", "$kref": "#/ckan/github/o/Foo", "license": "MIT"}""", "Foo");

        Assert.False(result.Success);
        Assert.True(result.RateLimited);
        Assert.Equal(DateTimeOffset.FromUnixTimeSeconds(1893456000), result.RetryAt);
        Assert.Contains("Rate limited", result.ErrorMessage);
    }

    [Fact]
    public async Task The_token_is_sent_to_the_api_only()
    {
        await using var h = await InflatorHarness.StartAsync(new Dictionary<string, string?> { ["GitHub:Token"] = "sekrit" });
        var url = h.Fake.Package("Foo.zip", Zip("Foo"));
        h.Fake.GitHubRepo("o", "Foo", [new GhRelease("1.0").Asset("Foo.zip", url)]);

        var result = await h.InflateAsync("""{"identifier": "Foo", "$kref": "#/ckan/github/o/Foo", "license": "MIT"}""", "Foo");

        Assert.True(result.Success, result.ErrorMessage);
        Assert.All(h.Fake.RequestHeaders.Where(r => r.Route.Contains("/ghapi/")), r => Assert.Equal("token sekrit", r.Authorization));
        Assert.All(h.Fake.RequestHeaders.Where(r => r.Route.Contains("/files/")), r => Assert.Null(r.Authorization));
    }
}
