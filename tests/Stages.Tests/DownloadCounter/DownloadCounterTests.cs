using System.Globalization;
using System.Text;
using System.Text.Json.Nodes;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.DependencyInjection;
using NetKAN.Bus.Contracts.Alerts;
using NetKAN.Bus.Contracts.Lifecycle;
using NetKAN.Bus.Contracts.Games;
using NetKAN.Bus.Sagas.Recording;
using NetKAN.Bus.Services.DownloadCounter;
using NetKAN.Bus.Services.Tests.Support;
using NetKAN.Bus.TestSupport;

namespace NetKAN.Bus.Services.Tests.DownloadCounter;

/// <summary>
/// The download counter against a real CKAN-meta (bare remote) and loopback GitHub GraphQL, SpaceDock, archive.org
/// views and SourceForge: which URLs are counted where, the batching, the sums, the exact file and commit, and the
/// status rows.
/// </summary>
public sealed class DownloadCounterTests : IAsyncLifetime
{
    private readonly TempDir _dir = new("netkan-counts");
    private readonly Dictionary<string, JsonObject> _repositories = new(StringComparer.Ordinal);
    private FakeServer _server = null!;
    private ServicesHarness _host = null!;
    private string _remote = null!;
    private int _graphQlRateLimits;
    private int _graphQlDrops;
    private bool _viewsFail;
    private readonly RecordingAlerts _alerts = new();

    private sealed class RecordingAlerts : IAlerts
    {
        public System.Collections.Concurrent.ConcurrentQueue<Alert> Raised { get; } = new();

        public void Raise(Alert alert) => Raised.Enqueue(alert);
    }

    public async Task InitializeAsync()
    {
        _repositories["owner/ghmod"] = Releases(100, 23);
        _repositories["owner/mixed"] = Releases(7);
        // A fork: its own assets plus three levels of parents (a fourth level is not asked for).
        _repositories["forker/forked"] = Releases(1, parent: Releases(10, parent: Releases(100, parent: Releases(1000))));
        for (var i = 0; i < 8; i++)
        {
            _repositories[$"bulk/mod{i}"] = Releases(i + 1);
        }
        _server = await FakeServer.StartAsync((app, _) => Map(app));

        var files = new Dictionary<string, string>
        {
            ["GitHubMod/GitHubMod-1.0.ckan"] = Ckan("GitHubMod", "1.0", "https://github.com/owner/ghmod/releases/download/v1.0/a.zip"),
            ["GitHubMod/GitHubMod-1.1.ckan"] = Ckan("GitHubMod", "1.1", "https://github.com/owner/ghmod/releases/download/v1.1/a.zip"),
            ["GitHubMod/GitHubMod-2.0.ckan"] = Ckan("GitHubMod", "2.0", "https://github.com/owner/ghmod-beta/releases/download/v2.0/a.zip", releaseStatus: "testing"),
            ["ForkMod/ForkMod-1.0.ckan"] = Ckan("ForkMod", "1.0", "https://github.com/forker/forked/releases/download/1.0/f.zip"),
            ["SpaceDockMod/SpaceDockMod-1.0.ckan"] = Ckan("SpaceDockMod", "1.0", "https://spacedock.info/mod/123/Space%20Dock%20Mod/download/1.0"),
            ["ZeroMod/ZeroMod-1.0.ckan"] = Ckan("ZeroMod", "1.0", "https://spacedock.info/mod/789/Zero/download/1.0"),
            ["MixedMod/MixedMod-2.0.ckan"] = Ckan("MixedMod", "2.0",
                """[ "https://github.com/owner/mixed/releases/download/2.0/m.zip", "https://spacedock.info/mod/456/Mixed/download/2.0" ]""",
                license: "MIT", raw: true),
            ["SourceForgeMod/SourceForgeMod-1.0.ckan"] = Ckan("SourceForgeMod", "1.0", "https://downloads.sourceforge.net/project/sfproj/sf-1.0.zip"),
            ["DlcMod/DlcMod-1.0.ckan"] = Ckan("DlcMod", "1.0", "https://github.com/owner/ghmod/releases/download/v1.0/a.zip", kind: "dlc"),
            ["OnlyBeta/OnlyBeta-0.1.ckan"] = Ckan("OnlyBeta", "0.1", "https://github.com/owner/ghmod/releases/download/v1.0/a.zip", releaseStatus: "development"),
            ["ElsewhereMod/ElsewhereMod-1.0.ckan"] = Ckan("ElsewhereMod", "1.0", "https://example.com/elsewhere.zip"),
            ["download_counts.json"] = "{\n    \"GitHubMod\": 100,\n    \"SpaceDockMod\": 50\n}",
        };
        for (var i = 0; i < 8; i++)
        {
            files[$"Bulk{i}/Bulk{i}-1.0.ckan"] = Ckan($"Bulk{i}", "1.0", $"https://github.com/bulk/mod{i}/releases/download/1.0/b.zip");
        }
        _remote = GitRepos.CreateBare(_dir.Combine("CKAN-meta.git"), files);
        _host = await ServicesHarness.StartAsync(_dir.Combine("data"), new Dictionary<string, string?>
        {
            ["Repos:ksp:CkanMeta:Remote"] = _remote,
            ["Repos:ksp:CkanMeta:Path"] = _dir.Combine("work", "CKAN-meta"),
            ["GitHub:Token"] = "test-token",
            ["Upstreams:GitHubGraphQl"] = _server.Url + "/graphql",
            ["Upstreams:SpaceDock"] = _server.Url,
            ["Upstreams:ArchiveViews"] = _server.Url,
            ["Upstreams:SourceForge"] = _server.Url,
            ["DownloadCounter:RunOnSchedule"] = "false",
        }, s => s.AddSingleton<IAlerts>(_alerts), "download-counter");
    }

    public async Task DisposeAsync()
    {
        await _host.DisposeAsync();
        await _server.DisposeAsync();
        _dir.Dispose();
    }

    [Fact]
    public async Task Counts_of_every_source_are_summed_per_mod_and_committed_as_python_json()
    {
        var result = await CountAsync();

        const string expected = """
            {
                "Bulk0": 1,
                "Bulk1": 2,
                "Bulk2": 3,
                "Bulk3": 4,
                "Bulk4": 5,
                "Bulk5": 6,
                "Bulk6": 7,
                "Bulk7": 8,
                "ForkMod": 1111,
                "GitHubMod": 123,
                "MixedMod": 5307,
                "SourceForgeMod": 4321,
                "SpaceDockMod": 250
            }
            """;
        Assert.Equal(expected.Replace("\r\n", "\n"), Encoding.UTF8.GetString(GitRepos.ReadFile(_remote, "main", "download_counts.json")!));
        Assert.Equal("NetKAN updating download counts", GitRepos.Log(_remote, "main")[0]);
        Assert.Equal(GitRepos.Tip(_remote, "main"), result.Commit);
        // 15 latest stable modules (no DLC, no prerelease-only mod); unknown hosts and zero SpaceDock counts get no entry.
        Assert.Equal(15, result.Modules);
        Assert.Equal([new("MixedMod", 5307L), new("SourceForgeMod", 4321L), new("ForkMod", 1111L), new("SpaceDockMod", 250L), new("GitHubMod", 123L)],
            result.TopAllTime);
        Assert.Equal([new("MixedMod", 5307L), new("SourceForgeMod", 4321L), new("ForkMod", 1111L), new("SpaceDockMod", 200L), new("GitHubMod", 23L)],
            result.TopToday);
        // The original logged both top-5 lists at ERROR so they reached Discord: one alert.
        var top = Assert.Single(_alerts.Raised, a => a.Kind == AlertKind.DownloadTop);
        Assert.StartsWith("Top 5 downloads for ksp all-time:\n", top.Text);
        Assert.Contains("Top 5 downloads for ksp today:\n", top.Text);
        Assert.Contains("MixedMod", top.Text);
    }

    [Fact]
    public async Task Each_source_is_asked_in_the_originals_batches()
    {
        await CountAsync();

        var queries = _server.RequestsTo("POST", "/graphql").ToList();
        Assert.Equal(2, queries.Count); // 11 repositories, 10 per query
        Assert.All(queries, q => Assert.Equal("bearer test-token", q.Header("Authorization")));
        var texts = queries.Select(q => q.Json!["query"]!.GetValue<string>()).ToList();
        Assert.Equal([10, 1], texts.Select(GraphQlRepositoryBatch.RepositoryCount));
        Assert.Contains("xGitHubMod: repository(owner: \"owner\", name: \"ghmod\") { ...getDownloads }", texts[0] + texts[1]);
        Assert.Contains("xForkMod: repository(owner: \"forker\", name: \"forked\") { ...getDownloads }", texts[0] + texts[1]);
        Assert.All(texts, t => Assert.EndsWith(GitHubDownloadCounts.Fragments, t));
        Assert.DoesNotContain("ghmod-beta", string.Concat(texts)); // the prerelease is not the latest stable module

        var spaceDock = Assert.Single(_server.RequestsTo("POST", "/api/download_counts"));
        Assert.Equal(["123", "456", "789"], QueryValues(spaceDock.Text, "mod_id").Order(StringComparer.Ordinal));

        var views = Assert.Single(_server.Requests, x => x.Path.StartsWith("/views/v1/short/", StringComparison.Ordinal));
        Assert.Equal("/views/v1/short/MixedMod-2.0", views.Path); // the implicit mirror of the MIT-licensed mod

        var today = DateTimeOffset.UtcNow.ToString("yyyy-MM-dd", CultureInfo.InvariantCulture);
        var sourceForge = Assert.Single(_server.Requests, x => x.Path == "/projects/sfproj/files/stats/json");
        Assert.Equal($"?start_date=2010-01-01&end_date={today}&os_by_country=false&period=monthly", sourceForge.Query);
    }

    [Fact]
    public async Task A_rate_limited_query_is_retried()
    {
        _graphQlRateLimits = 2;

        var result = await CountAsync();

        Assert.Equal(4, _server.RequestsTo("POST", "/graphql").Count()); // 2 refused + 2 answered
        Assert.Equal(123, result.Counts["GitHubMod"]);
    }

    [Fact]
    public async Task A_dropped_connection_is_retried_and_loses_no_batch()
    {
        _graphQlDrops = 1;

        var result = await CountAsync();

        Assert.Equal(3, _server.RequestsTo("POST", "/graphql").Count()); // 1 dropped + 2 answered
        Assert.Equal(123, result.Counts["GitHubMod"]);
        Assert.Equal(8, result.Counts["Bulk7"]);
    }

    [Fact]
    public async Task A_failing_source_leaves_the_other_sources_counts()
    {
        _viewsFail = true;

        var result = await CountAsync();

        Assert.Equal(5007, result.Counts["MixedMod"]); // GitHub 7 + SpaceDock 5000, no archive.org views
        Assert.Equal(123, result.Counts["GitHubMod"]);
    }

    [Fact]
    public async Task An_unchanged_count_commits_nothing()
    {
        await CountAsync();
        var tip = GitRepos.Tip(_remote, "main");

        var again = await CountAsync();

        Assert.Null(again.Commit);
        Assert.Equal(tip, GitRepos.Tip(_remote, "main"));
        Assert.Empty(again.TopToday);
    }

    [Fact]
    public async Task Tracked_mods_get_their_count_on_the_status_row_and_untracked_ones_get_no_row()
    {
        var lifecycle = _host.Services.GetRequiredService<IModLifecycle>();
        await lifecycle.RecordAsync(new InflationRequested(GameId.Ksp, "MixedMod", DateTimeOffset.UtcNow, "test"), ServicesHarness.Timeout);
        await lifecycle.RecordAsync(new InflationRequested(GameId.Ksp, "GitHubMod", DateTimeOffset.UtcNow, "test"), ServicesHarness.Timeout);

        var first = await CountAsync();
        var second = await CountAsync();

        Assert.Equal(2, first.Recorded);
        Assert.Equal(0, second.Recorded); // nothing changed since
        Assert.Equal(5307, (await _host.StateAsync("MixedMod")).DownloadCount);
        Assert.Equal(123, (await _host.StateAsync("GitHubMod")).DownloadCount);
        Assert.Null(await _host.Store.LoadAsync(ModSagaId.For(GameId.Ksp, "ForkMod"), ServicesHarness.Timeout));
    }

    private Task<DownloadCountResult> CountAsync() =>
        _host.Services.GetRequiredService<ModDownloadCounter>().CountAsync(GameId.Ksp, ServicesHarness.Timeout);

    private void Map(WebApplication app)
    {
        app.MapPost("/graphql", async Task<IResult> (HttpRequest request) =>
        {
            if (_graphQlDrops > 0)
            {
                _graphQlDrops--;
                request.HttpContext.Abort();
                return Results.Empty;
            }
            if (_graphQlRateLimits > 0)
            {
                _graphQlRateLimits--;
                return Results.Text("""{"message":"You have exceeded a secondary rate limit"}""", "application/json", statusCode: 403)
                    .WithRetryAfterZero(request.HttpContext);
            }
            return await GraphQlRepositoryBatch.AnswerAsync(request, (owner, name) =>
                _repositories.TryGetValue($"{owner}/{name}", out var repo) ? repo.DeepClone() : null);
        });
        app.MapPost("/api/download_counts", async (HttpRequest request) =>
        {
            var form = await request.ReadFormAsync();
            var known = new Dictionary<string, int> { ["123"] = 250, ["456"] = 5000, ["789"] = 0 };
            var counts = form["mod_id"].Select(id => new JsonObject { ["id"] = int.Parse(id!, CultureInfo.InvariantCulture), ["downloads"] = known[id!] });
            return FakeServer.Json(new JsonObject { ["download_counts"] = new JsonArray(counts.ToArray<JsonNode?>()) }.ToJsonString());
        });
        app.MapGet("/views/v1/short/{items}", (string items) => _viewsFail ? Results.StatusCode(500) : FakeServer.Json(new JsonObject(
            items.Split(',').Select(item => new KeyValuePair<string, JsonNode?>(item,
                new JsonObject { ["all_time"] = 300, ["last_30day"] = 3, ["last_7day"] = 1 }))).ToJsonString()));
        app.MapGet("/projects/{project}/files/stats/json", (string project) =>
            FakeServer.Json(project == "sfproj" ? """{"total": 4321, "summaries": {}}""" : """{"total": 0}"""));
    }

    private static JsonObject Releases(int first, int? second = null, JsonObject? parent = null)
    {
        var assets = new JsonArray(new JsonObject { ["downloadCount"] = first });
        if (second is { } more)
        {
            assets.Add(new JsonObject { ["downloadCount"] = more });
        }
        var repository = new JsonObject
        {
            ["releases"] = new JsonObject { ["nodes"] = new JsonArray(new JsonObject { ["releaseAssets"] = new JsonObject { ["nodes"] = assets } }) },
        };
        repository["parent"] = parent;
        return repository;
    }

    private static IEnumerable<string> QueryValues(string form, string key) =>
        form.Split('&').Select(x => x.Split('=', 2)).Where(x => x[0] == key).Select(x => Uri.UnescapeDataString(x[1]));

    private static string Ckan(string identifier, string version, string download, string license = "restricted",
        string? releaseStatus = null, string kind = "package", bool raw = false) =>
        $$"""
        {
            "spec_version": "v1.4",
            "identifier": "{{identifier}}",
            "kind": "{{kind}}",
            "version": "{{version}}",{{(releaseStatus is null ? "" : $"\n    \"release_status\": \"{releaseStatus}\",")}}
            "license": "{{license}}",
            "download": {{(raw ? download : $"\"{download}\"")}},
            "download_hash": { "sha1": "0123456789ABCDEF0123456789ABCDEF01234567", "sha256": "{{new string('A', 64)}}" },
            "download_content_type": "application/zip"
        }
        """;
}

internal static class RetryAfterResults
{
    /// <summary>Adds <c>Retry-After: 0</c> so the retry does not wait.</summary>
    public static IResult WithRetryAfterZero(this IResult result, HttpContext context)
    {
        context.Response.Headers["Retry-After"] = "0";
        return result;
    }
}
