using System.Text.RegularExpressions;
using Microsoft.Playwright;
using NetKAN.Bus.Webhooks.Tests.Support;
using Scenario = NetKAN.Bus.Services.Seeding.StatusSeed.Scenario;

namespace NetKAN.Bus.Webhooks.Tests;

/// <summary>
/// The dashboard in a real browser (headless Debian Chromium through Playwright) over a seeded status store:
/// live search, sorting by header click and keyboard, filters, the per-mod timeline, and the page without JavaScript.
/// Screenshots land in bin/…/artifacts/ (dashboard.png, mod.png).
/// </summary>
public sealed class DashboardBrowserTests(SeededDashboard dashboard) : IClassFixture<SeededDashboard>
{
    private string Url(string path) => new Uri(dashboard.Host.Address, path).ToString();

    private static async Task<IReadOnlyList<string>> VisibleIdsAsync(IPage page) =>
        await page.Locator("#mods tbody tr:not([hidden]) th > a").AllTextContentsAsync();

    [BrowserFact]
    public async Task Search_sort_filters_and_the_mod_timeline_work_live_in_Chromium()
    {
        using var playwright = await Playwright.CreateAsync();
        await using var browser = await Chromium.LaunchAsync(playwright);
        var page = await browser.NewPageAsync(new BrowserNewPageOptions { ViewportSize = new ViewportSize { Width = 1400, Height = 1000 } });
        // Generous waits: CI runs every test assembly at once on two cores.
        page.SetDefaultTimeout(20_000);
        Assertions.SetDefaultExpectTimeout(15_000);
        var scriptErrors = new List<string>();
        page.Console += (_, message) =>
        {
            if (message.Type == "error")
            {
                scriptErrors.Add(message.Text);
            }
        };
        page.PageError += (_, error) => scriptErrors.Add(error);

        var first = await page.GotoAsync(Url("/"));
        // Everything below runs under the dashboard's Content-Security-Policy: a violation would be a console error.
        Assert.Equal(Api.SecurityHeaders.ContentSecurityPolicy, await first!.HeaderValueAsync("content-security-policy"));
        await Assertions.Expect(page.Locator("html")).ToHaveClassAsync(new Regex("js"));
        var all = await VisibleIdsAsync(page);
        var frozen = SeededDashboard.Named(Scenario.Frozen);
        Assert.DoesNotContain(frozen[0], all);
        Assert.Contains(SeededDashboard.Named(Scenario.InflationFailing)[0], all);

        // Live search: matches in errors, no page load, URL kept in step.
        await page.GetByLabel("Search").FillAsync("rate limit");
        await Assertions.Expect(page.Locator("#summary")).ToContainTextAsync("Showing 1 of");
        var found = await VisibleIdsAsync(page);
        Assert.Single(found);
        await Assertions.Expect(page.Locator("#mods tbody tr:not([hidden]) .err")).ToContainTextAsync("rate limit");
        Assert.EndsWith("/?q=rate+limit", page.Url);
        await page.GetByLabel("Search").FillAsync("");
        await Assertions.Expect(page.Locator("#summary")).ToContainTextAsync($"Showing {all.Count} of");

        // Sort by header click (ascending, then descending), with aria-sort following.
        var modHeader = page.Locator("th[data-col=id]");
        await modHeader.Locator("a").ClickAsync();
        await Assertions.Expect(modHeader).ToHaveAttributeAsync("aria-sort", "ascending");
        var ascending = await VisibleIdsAsync(page);
        Assert.Equal(all.OrderBy(x => x.ToLowerInvariant(), StringComparer.Ordinal), ascending);
        await modHeader.Locator("a").ClickAsync();
        await Assertions.Expect(modHeader).ToHaveAttributeAsync("aria-sort", "descending");
        Assert.Equal(ascending.Reverse(), await VisibleIdsAsync(page));
        Assert.Contains("sort=id&dir=desc", page.Url);

        // Keyboard: focus the "Last indexed" header link and press Enter; newest first.
        var indexedLink = page.Locator("th[data-col=indexed] a");
        await indexedLink.FocusAsync();
        await page.Keyboard.PressAsync("Enter");
        await Assertions.Expect(page.Locator("th[data-col=indexed]")).ToHaveAttributeAsync("aria-sort", "descending");
        await Assertions.Expect(modHeader).Not.ToHaveAttributeAsync("aria-sort", new Regex("."));
        // column 5: Mod, State, Version, Last inflated, Last indexed
        var indexedTimes = await page.Locator("#mods tbody tr:not([hidden]) td:nth-child(5)").EvaluateAllAsync<string[]>(
            "cells => cells.map(c => c.dataset.v || '')");
        var known = indexedTimes.Where(x => x.Length > 0).ToList();
        Assert.Equal(known.OrderDescending(StringComparer.Ordinal), known);

        // Filters: frozen shown on demand, state, metanetkans, warnings.
        await page.GetByLabel(new Regex("show frozen")).CheckAsync();
        Assert.Contains(frozen[0], await VisibleIdsAsync(page));
        await page.GetByLabel("State").SelectOptionAsync("staged");
        Assert.Equal(SeededDashboard.Named(Scenario.Staged).Order(), (await VisibleIdsAsync(page)).Order());
        await page.GetByLabel("State").SelectOptionAsync("");
        await page.GetByLabel("Kind").SelectOptionAsync("meta");
        Assert.Equal(SeededDashboard.Named(Scenario.Metanetkan).Order(), (await VisibleIdsAsync(page)).Order());
        await page.GetByLabel("Kind").SelectOptionAsync("");
        await page.GetByLabel(new Regex("only with warnings")).CheckAsync();
        Assert.Equal(SeededDashboard.Named(Scenario.Warnings).Order(), (await VisibleIdsAsync(page)).Order());
        await page.GetByLabel(new Regex("only with warnings")).UncheckAsync();
        await page.GetByLabel(new Regex("show frozen")).UncheckAsync();

        // Another game is another table, loaded from the server.
        await page.GetByLabel("Game").SelectOptionAsync("ksp2");
        await Assertions.Expect(page).ToHaveURLAsync(new Regex("game=ksp2"));
        await page.WaitForLoadStateAsync(LoadState.Load);
        Assert.Equal(SeededDashboard.Named(Scenario.Ksp2).Order(), (await VisibleIdsAsync(page)).Order());

        // Back to KSP, errors first, for the screenshot.
        await page.GotoAsync(Url("/"));
        await page.ScreenshotAsync(new PageScreenshotOptions { Path = Chromium.Artifact("dashboard.png") });

        // The mod page: why not updated, the timeline with times and durations, the error history.
        var failing = SeededDashboard.Named(Scenario.InflationFailing)[1];
        await page.GetByRole(AriaRole.Link, new PageGetByRoleOptions { Name = failing, Exact = true }).ClickAsync();
        await Assertions.Expect(page).ToHaveURLAsync(new Regex($"/mods/ksp/{failing}$"));
        await page.WaitForLoadStateAsync(LoadState.Load);
        await Assertions.Expect(page.GetByRole(AriaRole.Heading, new PageGetByRoleOptions { Name = "Why was this mod not updated?" })).ToBeVisibleAsync();
        await Assertions.Expect(page.Locator("#why .headline")).ToContainTextAsync("Inflation has failed since");
        var stages = await page.Locator(".timeline .stage .name").AllTextContentsAsync();
        Assert.Equal(["Requested", "Inflated", "Indexed", "Mirrored", "Download last changed", "Released upstream"], stages);
        await Assertions.Expect(page.Locator(".timeline .stage.failed .name")).ToHaveTextAsync("Inflated");
        await Assertions.Expect(page.Locator(".timeline .stage").Nth(1).Locator(".dur")).ToContainTextAsync("after the request");
        await Assertions.Expect(page.Locator("table.errors tr.open td").Nth(4)).ToHaveTextAsync("2");
        await page.ScreenshotAsync(new PageScreenshotOptions { Path = Chromium.Artifact("mod.png"), FullPage = true });

        Assert.Empty(scriptErrors);
    }

    [BrowserFact]
    public async Task Without_JavaScript_the_filters_and_sorting_still_work_through_the_server()
    {
        using var playwright = await Playwright.CreateAsync();
        await using var browser = await Chromium.LaunchAsync(playwright);
        var context = await browser.NewContextAsync(new BrowserNewContextOptions { JavaScriptEnabled = false });
        var page = await context.NewPageAsync();

        await page.GotoAsync(Url("/"));
        await Assertions.Expect(page.GetByRole(AriaRole.Button, new PageGetByRoleOptions { Name = "Apply" })).ToBeVisibleAsync();
        await page.GetByLabel("Search").FillAsync("Kopernicus");
        await page.GetByRole(AriaRole.Button, new PageGetByRoleOptions { Name = "Apply" }).ClickAsync();
        await Assertions.Expect(page).ToHaveURLAsync(new Regex("q=Kopernicus"));
        await page.WaitForLoadStateAsync(LoadState.Load);
        Assert.Equal(["Kopernicus"], await VisibleIdsAsync(page));

        await page.GotoAsync(Url("/"));
        await page.Locator("th[data-col=id] a").ClickAsync();
        await Assertions.Expect(page).ToHaveURLAsync(new Regex("sort=id"));
        await page.WaitForLoadStateAsync(LoadState.Load);
        var ids = await VisibleIdsAsync(page);
        Assert.Equal(ids.OrderBy(x => x.ToLowerInvariant(), StringComparer.Ordinal), ids);
        await Assertions.Expect(page.Locator("th[data-col=id]")).ToHaveAttributeAsync("aria-sort", "ascending");
        await context.CloseAsync();
    }
}
