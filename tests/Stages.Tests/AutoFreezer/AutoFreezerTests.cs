using System.Globalization;
using System.Text;
using System.Text.Json.Nodes;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.DependencyInjection;
using NetKAN.Bus.Contracts.Lifecycle;
using NetKAN.Bus.Contracts.Games;
using NetKAN.Bus.Sagas.Recording;
using NetKAN.Bus.Services.AutoFreezer;
using NetKAN.Bus.Services.Tests.Support;
using NetKAN.Bus.TestSupport;

namespace NetKAN.Bus.Services.Tests.AutoFreezer;

/// <summary>
/// The Auto-Freezer end to end: real NetKAN and CKAN-meta clones of bare remotes, status rows on the in-memory store,
/// the fake GitHub REST API for the pull request, and a loopback SpaceDock API and GitHub GraphQL endpoint for the
/// unfreeze check.
/// </summary>
public sealed class AutoFreezerTests : IAsyncLifetime
{
    private static readonly DateTimeOffset Now = DateTimeOffset.UtcNow;
    private static readonly DateTimeOffset AstrogatorReleased = Now.AddDays(-1001);
    private static readonly DateTimeOffset IndexedOnlyIndexed = Now.AddDays(-1005);
    private static readonly DateTimeOffset LongAgo = new(2020, 1, 1, 0, 0, 0, TimeSpan.Zero);

    private readonly TempDir _dir = new("netkan-freezer");
    private FakeGitHub _gitHub = null!;
    private FakeServer _upstream = null!;
    private ServicesHarness _host = null!;
    private string _netkan = null!;

    public async Task InitializeAsync()
    {
        _gitHub = await FakeGitHub.StartAsync();
        _upstream = await FakeServer.StartAsync((app, _) => Map(app));
        _netkan = GitRepos.CreateBare(_dir.Combine("NetKAN.git"), new Dictionary<string, string>
        {
            ["README.md"] = "NetKAN test data\n",
            ["NetKAN/Astrogator.netkan"] = "identifier: Astrogator\n$kref: '#/ckan/github/HebaruSan/Astrogator'\n",
            ["NetKAN/SmartTank.netkan"] = "identifier: SmartTank\n$kref: '#/ckan/github/HebaruSan/SmartTank'\n",
            ["NetKAN/Ringworld.netkan"] = "identifier: Ringworld\n$kref: '#/ckan/github/HebaruSan/Ringworld'\n",
            ["NetKAN/IndexedOnly.netkan"] = "identifier: IndexedOnly\n$kref: '#/ckan/spacedock/9'\n",
            ["NetKAN/OldSd.frozen"] = "identifier: OldSd\n$kref: '#/ckan/spacedock/500'\n",
            ["NetKAN/SameSd.frozen"] = "identifier: SameSd\n$kref: '#/ckan/spacedock/501'\n",
            ["NetKAN/OldGh.frozen"] = "identifier: OldGh\n$kref: '#/ckan/github/owner/oldgh'\n",
            ["NetKAN/NoRowGh.frozen"] = "identifier: NoRowGh\n$kref: '#/ckan/github/owner/norow'\n",
        });
        var ckanMeta = GitRepos.CreateBare(_dir.Combine("CKAN-meta.git"), new Dictionary<string, string>
        {
            ["OldSd/OldSd-1.0.ckan"] = CkanSamples.Ckan("OldSd", "1.0"),
            ["SameSd/SameSd-3.1.ckan"] = CkanSamples.Ckan("SameSd", "3.1"),
            ["OldGh/OldGh-2.0.ckan"] = CkanSamples.Ckan("OldGh", "2.0"),
        });
        _host = await ServicesHarness.StartAsync(_dir.Combine("data"), new Dictionary<string, string?>
        {
            ["Repos:ksp:NetKan:Remote"] = _netkan,
            ["Repos:ksp:NetKan:Path"] = _dir.Combine("work", "NetKAN"),
            ["Repos:ksp:NetKan:GitHubRepo"] = "KSP-CKAN/NetKAN",
            ["Repos:ksp:CkanMeta:Remote"] = ckanMeta,
            ["Repos:ksp:CkanMeta:Path"] = _dir.Combine("work", "CKAN-meta"),
            ["GitHub:ApiUrl"] = _gitHub.Url,
            ["GitHub:Token"] = "test-token",
            ["Upstreams:GitHubGraphQl"] = _upstream.Url + "/graphql",
            ["Upstreams:SpaceDock"] = _upstream.Url,
            ["AutoFreezer:RunOnSchedule"] = "false",
        }, "auto-freezer");

        var lifecycle = _host.Services.GetRequiredService<IModLifecycle>();
        async Task Record(IModEvent e) => await lifecycle.RecordAsync(e, ServicesHarness.Timeout);
        await Record(new InflationSucceeded(GameId.Ksp, "Astrogator", Now, ReleaseDate: AstrogatorReleased,
            Resources: new Dictionary<string, string> { ["homepage"] = "https://forum.kerbalspaceprogram.com/index.php?/topic/155998-*" }));
        await Record(new InflationSucceeded(GameId.Ksp, "SmartTank", Now, ReleaseDate: Now.AddDays(-1050)));
        await Record(new InflationSucceeded(GameId.Ksp, "Ringworld", Now, ReleaseDate: Now));
        await Record(new ModIndexed(GameId.Ksp, "IndexedOnly", IndexedOnlyIndexed, IndexOutcome.Added));
        await Record(new InflationSucceeded(GameId.Ksp, "OldSd", LongAgo, ReleaseDate: LongAgo));
        await Record(new InflationSucceeded(GameId.Ksp, "SameSd", LongAgo, ReleaseDate: LongAgo));
        await Record(new ModIndexed(GameId.Ksp, "OldGh", LongAgo, IndexOutcome.Added));
        await Record(new InflationFailed(GameId.Ksp, "Vanished", LongAgo, "404"));
    }

    public async Task DisposeAsync()
    {
        await _host.DisposeAsync();
        await _upstream.DisposeAsync();
        await _gitHub.DisposeAsync();
        _dir.Dispose();
    }

    [Fact]
    public async Task Idle_mods_are_renamed_on_the_freeze_branch_one_commit_each_and_proposed_in_the_original_words()
    {
        var mainBefore = GitRepos.Tip(_netkan, "main");

        var result = await RunAsync();

        Assert.Equal(["IndexedOnly", "Astrogator"], result.Idle.Select(x => x.Identifier)); // oldest first
        Assert.Equal(["Freeze Astrogator", "Freeze IndexedOnly", "Test Data"], GitRepos.Log(_netkan, "freeze/auto"));
        Assert.Equal("identifier: Astrogator\n$kref: '#/ckan/github/HebaruSan/Astrogator'\n",
            Encoding.UTF8.GetString(GitRepos.ReadFile(_netkan, "freeze/auto", "NetKAN/Astrogator.frozen")!));
        Assert.Null(GitRepos.ReadFile(_netkan, "freeze/auto", "NetKAN/Astrogator.netkan"));
        Assert.NotNull(GitRepos.ReadFile(_netkan, "freeze/auto", "NetKAN/SmartTank.netkan")); // idle too long: ignored
        Assert.Equal(mainBefore, GitRepos.Tip(_netkan, "main"));

        var create = Assert.Single(_gitHub.Requests, x => x is { Method: "POST", Path: "/api/v3/repos/KSP-CKAN/NetKAN/pulls" });
        Assert.Equal("Freeze idle mods", create.Json!["title"]!.GetValue<string>());
        Assert.Equal("freeze/auto", create.Json["head"]!.GetValue<string>());
        Assert.Equal(
            "The attached mods have not updated in 1000 or more days. Freeze them to save the bot some CPU cycles.\n\nMod | Last Update\n:-- | :--\n"
            + $"**IndexedOnly** | {Utc(IndexedOnlyIndexed)}\n"
            + $"**Astrogator**<br>[homepage](https://forum.kerbalspaceprogram.com/index.php?/topic/155998-*) | {Utc(AstrogatorReleased)}",
            create.Json["body"]!.GetValue<string>());
        var labels = Assert.Single(_gitHub.Requests, x => x.Method == "PUT" && x.Path.EndsWith("/labels", StringComparison.Ordinal));
        Assert.Equal(["Pull request", "Freeze", "Needs looking into"], labels.Json!.AsArray().Select(x => x!.GetValue<string>()));
        Assert.StartsWith("https://github.com/KSP-CKAN/NetKAN/pull/", result.PullRequestUrl);
    }

    [Fact]
    public async Task A_second_run_reuses_the_branch_freezes_nothing_twice_and_comments_on_the_open_pull_request()
    {
        await RunAsync();
        var tip = GitRepos.Tip(_netkan, "freeze/auto");

        var again = await RunAsync();

        Assert.Empty(again.Froze);
        Assert.Equal(tip, GitRepos.Tip(_netkan, "freeze/auto"));
        // The second attempt to open it is refused (already open), so the body goes to the open one as a comment.
        Assert.Equal(2, _gitHub.Requests.Count(x => x is { Method: "POST", Path: "/api/v3/repos/KSP-CKAN/NetKAN/pulls" }));
        var comment = Assert.Single(_gitHub.Requests, x => x.Method == "POST" && x.Path.EndsWith("/comments", StringComparison.Ordinal));
        Assert.StartsWith("The attached mods have not updated in 1000 or more days.", comment.Json!["body"]!.GetValue<string>());
    }

    [Fact]
    public async Task Rows_whose_netkan_is_gone_are_marked_frozen_and_active_ones_are_not()
    {
        var result = await RunAsync();

        Assert.Equal(["OldGh", "OldSd", "SameSd", "Vanished"], result.MarkedFrozen.Order(StringComparer.Ordinal));
        foreach (var identifier in result.MarkedFrozen)
        {
            var state = await _host.StateAsync(identifier);
            Assert.True(state.Frozen, identifier);
            Assert.Equal("Frozen", state.CurrentState);
        }
        Assert.False((await _host.StateAsync("Astrogator")).Frozen); // frozen on the branch only, until the pull request is merged
        Assert.False((await _host.StateAsync("Ringworld")).Frozen);
    }

    [Fact]
    public async Task Frozen_mods_with_a_newer_upstream_release_are_suggested_for_unfreezing_once()
    {
        var result = await RunAsync();

        Assert.Equal(
        [
            new("OldGh", "GitHub owner/oldgh has v2.1 (released 2026-02-01); the newest indexed is 2.0"),
            new KeyValuePair<string, string>("OldSd", "SpaceDock mod 500 has 1.1 (released 2026-03-01); the newest indexed is 1.0 (released 2020-01-01)"),
        ], result.Suggestions);
        var oldSd = await _host.StateAsync("OldSd");
        Assert.Equal(result.Suggestions[1].Value, oldSd.UnfreezeSuggestion);
        Assert.True(oldSd.Frozen);
        Assert.Null((await _host.StateAsync("SameSd")).UnfreezeSuggestion); // the same version, re-uploaded
        Assert.Null(await _host.Store.LoadAsync(ModSagaId.For(GameId.Ksp, "NoRowGh"), ServicesHarness.Timeout));

        var query = Assert.Single(_upstream.RequestsTo("POST", "/graphql")).Json!["query"]!.GetValue<string>();
        Assert.Equal("query {\nm0: repository(owner: \"owner\", name: \"oldgh\") { latestRelease { tagName publishedAt } }\n}", query);
        Assert.Equal(["/api/mod/500", "/api/mod/501"], _upstream.Requests.Where(x => x.Path.StartsWith("/api/mod/", StringComparison.Ordinal))
            .Select(x => x.Path).Order(StringComparer.Ordinal));

        await RunAsync();
        Assert.Single((await _host.StateAsync("OldSd")).History, x => x.Event == "unfreeze suggested");
    }

    [Fact]
    public async Task Without_idle_mods_there_is_no_branch_and_no_pull_request()
    {
        var result = await _host.Services.GetRequiredService<ModFreezer>().RunAsync(GameId.Ksp, 5000, 21, ServicesHarness.Timeout);

        Assert.Empty(result.Idle);
        Assert.Null(GitRepos.Tip(_netkan, "freeze/auto"));
        Assert.DoesNotContain(_gitHub.Requests, x => x.Method == "POST");
    }

    private Task<AutoFreezeResult> RunAsync() =>
        _host.Services.GetRequiredService<ModFreezer>().RunAsync(GameId.Ksp, null, null, ServicesHarness.Timeout);

    private static string Utc(DateTimeOffset time) => time.UtcDateTime.ToString("yyyy-MM-dd HH:mm", CultureInfo.InvariantCulture) + " UTC";

    private void Map(WebApplication app)
    {
        app.MapGet("/api/mod/{id:int}", (int id) => FakeServer.Json(new JsonObject
        {
            ["id"] = id,
            ["name"] = $"Mod {id}",
            ["default_version_id"] = 2,
            ["versions"] = new JsonArray(
                new JsonObject { ["id"] = 2, ["friendly_version"] = id == 500 ? "1.1" : "3.1", ["created"] = "2026-03-01T10:00:00.000000+00:00" },
                new JsonObject { ["id"] = 1, ["friendly_version"] = "0.9", ["created"] = "2019-01-01T10:00:00.000000+00:00" }),
        }.ToJsonString()));
        app.MapPost("/graphql", (HttpRequest request) => GraphQlRepositoryBatch.AnswerAsync(request, (_, name) => name == "oldgh"
            ? new JsonObject { ["latestRelease"] = new JsonObject { ["tagName"] = "v2.1", ["publishedAt"] = "2026-02-01T00:00:00Z" } }
            : new JsonObject { ["latestRelease"] = null }));
    }
}
