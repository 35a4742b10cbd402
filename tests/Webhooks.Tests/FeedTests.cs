using System.Net;
using System.Xml.Linq;
using Microsoft.Extensions.DependencyInjection;
using NetKAN.Bus.Contracts.Lifecycle;
using NetKAN.Bus.Contracts.Games;
using NetKAN.Bus.Webhooks.Tests.Support;

namespace NetKAN.Bus.Webhooks.Tests;

/// <summary>Atom feeds per game (new errors, new index commits) and per mod.</summary>
public sealed class FeedTests : IAsyncLifetime
{
    private static readonly XNamespace Atom = "http://www.w3.org/2005/Atom";
    private static readonly DateTimeOffset T0 = new(2026, 8, 1, 12, 0, 0, TimeSpan.Zero);
    private WebhookHost _host = null!;

    public async Task InitializeAsync() => _host = await WebhookHost.StartAsync();

    public async Task DisposeAsync() => await _host.DisposeAsync();

    private async Task<XElement> FeedAsync(string path)
    {
        using var response = await _host.Client.GetAsync(path);
        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.Equal("application/atom+xml", response.Content.Headers.ContentType!.MediaType);
        return XElement.Parse(await response.Content.ReadAsStringAsync());
    }

    private static List<string> Titles(XElement feed) => feed.Elements(Atom + "entry").Select(e => (string)e.Element(Atom + "title")!).ToList();

    [Fact]
    public async Task Errors_and_commits_of_a_game_and_a_mods_history_are_atom_newest_first()
    {
        var life = _host.Lifecycle;
        await life.RecordAsync(new InflationSucceeded(GameId.Ksp, "Alpha", T0, "1.0", "Alpha-1.0.ckan"), default);
        await life.RecordAsync(new ModIndexed(GameId.Ksp, "Alpha", T0.AddSeconds(2), IndexOutcome.Added, "Alpha-1.0.ckan", "abc"), default);
        await life.RecordAsync(new InflationFailed(GameId.Ksp, "Beta", T0.AddMinutes(1), "Broken kref"), default);
        await life.RecordAsync(new InflationFailed(GameId.Ksp, "Beta", T0.AddMinutes(2), "Broken kref"), default); // same error: one entry
        await life.RecordAsync(new InflationFailed(GameId.Ksp2, "Gamma", T0.AddMinutes(3), "KSP2 only"), default);

        var errors = await FeedAsync("/feeds/ksp/errors.atom");
        Assert.Equal("New errors (KSP)", (string)errors.Element(Atom + "title")!);
        Assert.Equal(["Beta: inflation error"], Titles(errors));
        Assert.Equal("Broken kref", (string)errors.Element(Atom + "entry")!.Element(Atom + "summary")!);
        Assert.EndsWith("/mods/ksp/Beta", (string)errors.Element(Atom + "entry")!.Element(Atom + "link")!.Attribute("href")!);

        Assert.Equal(["Alpha: added Alpha-1.0.ckan"], Titles(await FeedAsync("/feeds/ksp/commits.atom")));
        Assert.Equal(["Gamma: inflation error"], Titles(await FeedAsync("/feeds/ksp2/errors.atom")));
        Assert.Equal(["Alpha: indexed (added)", "Alpha: inflated"], Titles(await FeedAsync("/feeds/ksp/mods/Alpha.atom")));

        var modPage = await _host.Client.GetStringAsync("/mods/ksp/Alpha");
        Assert.Contains("<link rel=\"alternate\" type=\"application/atom+xml\" title=\"Alpha history\" href=\"/feeds/ksp/mods/Alpha.atom\">", modPage);
        Assert.Equal(HttpStatusCode.NotFound, (await _host.Client.GetAsync("/feeds/ksp/mods/Nobody.atom")).StatusCode);
        Assert.Equal(HttpStatusCode.NotFound, (await _host.Client.GetAsync("/feeds/ksp3/errors.atom")).StatusCode);
    }
}
