using System.IO.Compression;
using System.Net;
using System.Net.Http.Headers;
using NetKAN.Bus.Services.Seeding;
using NetKAN.Bus.Webhooks.Tests.Support;
using Scenario = NetKAN.Bus.Services.Seeding.StatusSeed.Scenario;

namespace NetKAN.Bus.Webhooks.Tests;

/// <summary>The dashboard as a browser without JavaScript gets it: every filter and sort done by the server.</summary>
public sealed class DashboardTests(SeededDashboard dashboard) : IClassFixture<SeededDashboard>
{
    private HttpClient Client => dashboard.Host.Client;

    private async Task<string> PageAsync(string path)
    {
        var response = await Client.GetAsync(path);
        var html = await response.Content.ReadAsStringAsync();
        Assert.True(HttpStatusCode.OK == response.StatusCode, $"{path}: {(int)response.StatusCode} {html}");
        Assert.Equal("text/html", response.Content.Headers.ContentType?.MediaType);
        return html;
    }

    [Fact]
    public async Task The_default_view_lists_every_KSP_mod_errors_first_with_frozen_ones_hidden()
    {
        var html = await PageAsync("/");

        var rows = TableRow.Parse(html);
        Assert.Equal(SeededDashboard.Mods - SeededDashboard.Named(Scenario.Ksp2).Count, rows.Count);
        Assert.All(rows, x => Assert.Equal("ksp", x.Game));
        Assert.All(rows.Where(x => x.Frozen), x => Assert.True(x.Hidden));
        var visible = TableRow.Visible(html);
        Assert.Equal(rows.Count - SeededDashboard.Named(Scenario.Frozen).Count, visible.Count);
        var firstWithout = visible.ToList().FindIndex(x => !x.Error);
        Assert.True(firstWithout > 0 && visible.Skip(firstWithout).All(x => !x.Error), "errors first");
        Assert.Contains($"Showing <strong>{visible.Count}</strong> of {rows.Count} mods", html);
        Assert.Contains("aria-sort=\"ascending\"", html);
    }

    [Fact]
    public async Task The_text_search_looks_in_identifiers_errors_and_warnings()
    {
        var byError = TableRow.Visible(await PageAsync("/?q=RATE+LIMIT"));
        var byWarning = TableRow.Visible(await PageAsync("/?q=license+mismatch"));
        var byName = TableRow.Visible(await PageAsync("/?q=kopernicus"));

        Assert.NotEmpty(byError);
        Assert.All(byError, x => Assert.True(x.Error));
        Assert.Contains(byError, x => x.Identifier == "ScienceAlert-Extras001" || x.State == "inflation-failed");
        Assert.NotEmpty(byWarning);
        Assert.All(byWarning, x => Assert.True(x.Warnings));
        Assert.Equal(["Kopernicus"], byName.Select(x => x.Identifier));
    }

    [Fact]
    public async Task Filters_for_state_kind_warnings_frozen_and_game_work_as_query_parameters()
    {
        Assert.Equal(SeededDashboard.Named(Scenario.Staged).Order(), TableRow.Visible(await PageAsync("/?state=staged")).Select(x => x.Identifier).Order());
        Assert.Equal(SeededDashboard.Named(Scenario.Metanetkan).Order(), TableRow.Visible(await PageAsync("/?kind=meta")).Select(x => x.Identifier).Order());
        Assert.All(TableRow.Visible(await PageAsync("/?kind=nonmeta")), x => Assert.False(x.Meta));
        Assert.Equal(SeededDashboard.Named(Scenario.Warnings).Order(), TableRow.Visible(await PageAsync("/?warnings=1")).Select(x => x.Identifier).Order());
        Assert.Equal(SeededDashboard.Named(Scenario.Frozen).Order(), TableRow.Visible(await PageAsync("/?frozen=1&state=frozen")).Select(x => x.Identifier).Order());
        var ksp2 = TableRow.Parse(await PageAsync("/?game=ksp2"));
        Assert.Equal(SeededDashboard.Named(Scenario.Ksp2).Order(), ksp2.Select(x => x.Identifier).Order());
        Assert.Equal(SeededDashboard.Mods, TableRow.Parse(await PageAsync("/?game=all")).Count);
    }

    [Fact]
    public async Task Sorting_by_any_column_in_both_directions_with_missing_values_last()
    {
        var byId = TableRow.Parse(await PageAsync("/?sort=id&frozen=1"));
        var byIdDesc = TableRow.Parse(await PageAsync("/?sort=id&dir=desc&frozen=1"));
        var html = await PageAsync("/?sort=indexed");

        Assert.Equal(byId.Select(x => x.Identifier).OrderBy(x => x.ToLowerInvariant(), StringComparer.Ordinal), byId.Select(x => x.Identifier));
        Assert.Equal(byId.Select(x => x.Identifier).Reverse(), byIdDesc.Select(x => x.Identifier));
        Assert.Contains("<th scope=\"col\" data-col=\"indexed\" data-first=\"desc\" aria-sort=\"descending\">", html);
        // the header links offer the other direction of the active column and the natural one of the others
        Assert.Contains("href=\"/?sort=indexed&amp;dir=asc\"", html);
        Assert.Contains("href=\"/?sort=id\"", html);
    }

    [Fact]
    public async Task Unknown_games_are_not_found()
    {
        var response = await Client.GetAsync("/?game=ksp3");

        await ApiAssert.ErrorAsync(response, HttpStatusCode.NotFound, "Unknown game 'ksp3'");
    }

    [Fact]
    public async Task The_health_banner_shows_the_last_pass_and_queue_depths()
    {
        var ksp = await PageAsync("/");
        var ksp2 = await PageAsync("/?game=ksp2");

        Assert.Contains("KSP: scheduler last ran 12 min ago (nonhooks", ksp);
        Assert.Contains("Queues: Inbound.fifo 0", ksp);
        Assert.Contains("KSP2: the last scheduling pass (nonhooks, 5 min ago) was skipped: the inflation queue InboundKsp2.fifo holds 2,140 messages", ksp2);
    }

    [Fact]
    public async Task A_mod_page_answers_why_it_was_not_updated_and_shows_its_timeline_errors_and_links()
    {
        var failing = SeededDashboard.Named(Scenario.InflationFailing)[0];

        var html = await PageAsync($"/mods/ksp/{failing}");

        Assert.Contains("<h2 id=\"why-title\">Why was this mod not updated?</h2>", html);
        Assert.Contains("<p class=\"headline\">Inflation has failed since", html);
        Assert.Contains("data-code=\"error\"", html);
        foreach (var stage in new[] { "Requested", "Inflated", "Indexed", "Mirrored" })
        {
            Assert.Contains($"<span class=\"name\">{stage}</span>", html);
        }
        Assert.Contains("<td>2</td><td><strong class=\"err\">open</strong>", html); // failed twice, still open
        Assert.Contains($"href=\"https://github.com/KSP-CKAN/NetKAN/tree/master/NetKAN/{failing}.netkan\"", html);
        Assert.Contains($"href=\"https://github.com/KSP-CKAN/CKAN-meta/tree/master/{failing}\"", html);
    }

    [Fact]
    public async Task A_staged_mod_page_links_its_pull_request_and_a_KSP2_mod_the_KSP2_repositories()
    {
        var staged = SeededDashboard.Named(Scenario.Staged)[0];
        var ksp2 = SeededDashboard.Named(Scenario.Ksp2)[0];

        var stagedHtml = await PageAsync($"/mods/ksp/{staged}");
        var ksp2Html = await PageAsync($"/mods/ksp2/{ksp2}");

        Assert.Contains("The new metadata waits for a maintainer to merge its pull request.", stagedHtml);
        Assert.Contains(">The staging pull request</a>", stagedHtml);
        Assert.Contains("https://github.com/KSP-CKAN/KSP2-NetKAN/tree/main/NetKAN/", ksp2Html);
        Assert.Contains("https://github.com/KSP-CKAN/KSP2-CKAN-meta/tree/main/", ksp2Html);
    }

    [Fact]
    public async Task An_unknown_mod_page_is_a_404_page()
    {
        var response = await Client.GetAsync("/mods/ksp/NoSuchMod");

        Assert.Equal(HttpStatusCode.NotFound, response.StatusCode);
        Assert.Contains("No status is recorded for NoSuchMod (ksp)", await response.Content.ReadAsStringAsync());
    }

    [Fact]
    public async Task The_assets_are_served_from_the_assembly_with_an_etag()
    {
        var script = await Client.GetAsync("/assets/dashboard.js");
        var etag = script.Headers.ETag;
        var again = new HttpRequestMessage(HttpMethod.Get, "/assets/dashboard.js");
        again.Headers.IfNoneMatch.Add(etag!);

        Assert.Equal(HttpStatusCode.OK, script.StatusCode);
        Assert.Contains("applyFilters", await script.Content.ReadAsStringAsync());
        Assert.Equal(HttpStatusCode.NotModified, (await Client.SendAsync(again)).StatusCode);
        Assert.Equal(HttpStatusCode.OK, (await Client.GetAsync("/assets/dashboard.css")).StatusCode);
    }

    [Fact]
    public async Task The_page_is_gzipped_for_clients_that_accept_it()
    {
        var request = new HttpRequestMessage(HttpMethod.Get, "/");
        request.Headers.AcceptEncoding.Add(new StringWithQualityHeaderValue("gzip"));

        var response = await Client.SendAsync(request);

        Assert.Equal("gzip", response.Content.Headers.ContentEncoding.Single());
        await using var gzip = new GZipStream(await response.Content.ReadAsStreamAsync(), CompressionMode.Decompress);
        var html = await new StreamReader(gzip).ReadToEndAsync();
        Assert.Contains("<h1>NetKANs indexed</h1>", html);
    }
}
