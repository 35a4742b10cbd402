using System.Net;
using NetKAN.Bus.TestSupport;
using NetKAN.Bus.Webhooks.Tests.Support;

namespace NetKAN.Bus.Webhooks.Tests.Hardening;

/// <summary>
/// Issue 13: in a process configured for ksp only (the real git-backed ports), every ksp2 route that needs the
/// repositories answered 500; the docs promise 503 with the reason.
/// </summary>
public sealed class UnconfiguredGameTests : IAsyncLifetime
{
    private readonly TempDir _dir = new("netkan-webhooks-ksp-only");
    private WebhookHost _host = null!;

    public async Task InitializeAsync()
    {
        var netkan = GitRepos.CreateBare(_dir.Combine("NetKAN.git"),
            new Dictionary<string, string> { ["NetKAN/Astrogator.netkan"] = FakeNetkans.Netkan("Astrogator", "#/ckan/github/HebaruSan/Astrogator") });
        var ckanMeta = GitRepos.CreateBare(_dir.Combine("CKAN-meta.git"), new Dictionary<string, string> { ["README.md"] = "x" });
        _host = await WebhookHost.StartAsync(new Dictionary<string, string?>
        {
            ["Repos:ksp:NetKan:Remote"] = netkan,
            ["Repos:ksp:NetKan:Path"] = _dir.Combine("work", "NetKAN"),
            ["Repos:ksp:CkanMeta:Remote"] = ckanMeta,
            ["Repos:ksp:CkanMeta:Path"] = _dir.Combine("work", "CKAN-meta"),
        }, PortsMode.Real, dataDir: _dir.Combine("data"));
    }

    public async Task DisposeAsync()
    {
        await _host.DisposeAsync();
        _dir.Dispose();
    }

    private const string Push = """{"ref": "refs/heads/main", "after": "9b8c7d6e5f4a", "commits": [{"id": "9b8c7d6e5f4a", "added": ["NetKAN/SpaceWarp.netkan", "SpaceWarp/SpaceWarp-1.0.ckan"]}]}""";

    public static TheoryData<string> Ksp2Routes => ["/inflate/ksp2", "/sd/inflate/ksp2", "/gh/inflate/ksp2", "/gh/mirror/ksp2", "/gh/release/ksp2?identifier=SpaceWarp"];

    [Theory]
    [MemberData(nameof(Ksp2Routes))]
    public async Task Every_ksp2_route_that_needs_repositories_answers_503_naming_the_configuration(string route)
    {
        HttpRequestMessage request = route switch
        {
            "/inflate/ksp2" => new(HttpMethod.Post, route) { Content = new StringContent("""{"identifiers": ["SpaceWarp"]}""") },
            "/sd/inflate/ksp2" => new(HttpMethod.Post, route) { Content = new FormUrlEncodedContent([new("mod_id", "3257"), new("event_type", "update")]) },
            "/gh/release/ksp2?identifier=SpaceWarp" => WebhookHost.GitHub(route, WebhookHost.Fixture("release.json"), "release"),
            _ => WebhookHost.GitHub(route, Push),
        };

        var response = await _host.Client.SendAsync(request);

        await ApiAssert.ErrorAsync(response, HttpStatusCode.ServiceUnavailable, "for ksp2: its repositories are not configured here (Repos:ksp2:NetKan, Repos:ksp2:CkanMeta)");
        Assert.Empty(_host.Queues.Sent);
        Assert.Empty(await _host.Store.ListAsync(null, default));
    }

    [Fact]
    public async Task The_configured_game_still_works()
    {
        var response = await _host.Client.PostAsync("/inflate/ksp", new StringContent("""{"identifiers": ["Astrogator"]}"""));

        await ApiAssert.NoContentAsync(response);
        Assert.Single(_host.Queues.On("Inbound.fifo"));
    }
}
