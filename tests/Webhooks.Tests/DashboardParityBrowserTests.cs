using System.Text.RegularExpressions;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Playwright;
using NetKAN.Bus.Contracts.Lifecycle;
using NetKAN.Bus.Contracts.Games;
using NetKAN.Bus.Services.Seeding;
using NetKAN.Bus.Webhooks.Tests.Support;

namespace NetKAN.Bus.Webhooks.Tests;

/// <summary>
/// What NetKAN-status has, in headless Chromium: game counts, per-row links, no horizontal scroll from 1280 px, cards
/// on a phone, an in-place refresh that keeps filters and scroll, the dark-mode toggle and search highlighting.
/// Screenshots: artifacts/parity-1400.png, parity-1400-dark.png, parity-400.png.
/// </summary>
public sealed class DashboardParityBrowserTests : IAsyncLifetime
{
    private WebhookHost _host = null!;

    public async Task InitializeAsync()
    {
        _host = await WebhookHost.StartAsync(new Dictionary<string, string?> { ["Dashboard:RefreshSeconds"] = "2" },
            services: s => s.AddSingleton<StatusSeed>());
        await _host.Services.GetRequiredService<StatusSeed>().SeedAsync(SeededDashboard.Mods, WebhookHost.Timeout);
    }

    public async Task DisposeAsync() => await _host.DisposeAsync();

    private string Url(string path) => new Uri(_host.Address, path).ToString();

    private static async Task<IPage> OpenAsync(IBrowser browser, int width, int height = 900)
    {
        var page = await browser.NewPageAsync(new BrowserNewPageOptions { ViewportSize = new ViewportSize { Width = width, Height = height } });
        page.SetDefaultTimeout(20_000);
        Assertions.SetDefaultExpectTimeout(20_000);
        return page;
    }

    private static Task<bool> HorizontalScrollAsync(IPage page) =>
        page.EvaluateAsync<bool>("() => { const w = document.querySelector('.table-wrap'); return w.scrollWidth > w.clientWidth + 1 || document.documentElement.scrollWidth > window.innerWidth + 1; }");

    [BrowserFact]
    public async Task Wide_screens_show_counts_row_links_and_no_horizontal_scroll()
    {
        using var playwright = await Playwright.CreateAsync();
        await using var browser = await Chromium.LaunchAsync(playwright);
        var page = await OpenAsync(browser, 1400);
        var errors = new List<string>();
        page.PageError += (_, e) => errors.Add(e);

        await page.GotoAsync(Url("/?game=all"));
        await Assertions.Expect(page.Locator("#game option[value=ksp]")).ToHaveTextAsync(new Regex(@"^KSP \(\d+\)$"));
        var ksp2 = SeededDashboard.Named(StatusSeed.Scenario.Ksp2).Count;
        await Assertions.Expect(page.Locator("#game option[value=ksp2]")).ToHaveTextAsync($"KSP2 ({ksp2})");
        await Assertions.Expect(page.Locator("#game option[value=all]")).ToHaveTextAsync($"All games ({SeededDashboard.Mods})");

        var failing = SeededDashboard.Named(StatusSeed.Scenario.InflationFailing)[0];
        var row = page.Locator("#mods tbody tr").Filter(new LocatorFilterOptions { Has = page.Locator($"th > a:text-is('{failing}')") });
        var links = row.Locator(".row-links a");
        Assert.Equal(["netkan", "history", "metadata", "bugtracker", "homepage", "repository"], await links.AllTextContentsAsync());
        Assert.Equal($"https://github.com/KSP-CKAN/NetKAN/tree/master/NetKAN/{failing}.netkan", await links.Nth(0).GetAttributeAsync("href"));
        Assert.Equal($"https://github.com/KSP-CKAN/NetKAN/commits/master/NetKAN/{failing}.netkan", await links.Nth(1).GetAttributeAsync("href"));
        Assert.Equal($"https://github.com/KSP-CKAN/CKAN-meta/tree/master/{failing}", await links.Nth(2).GetAttributeAsync("href"));
        var frozen = SeededDashboard.Named(StatusSeed.Scenario.Frozen)[0];
        Assert.EndsWith($"/NetKAN/{frozen}.frozen", await page.Locator("#mods tbody tr")
            .Filter(new LocatorFilterOptions { Has = page.Locator($"th > a:text-is('{frozen}')") }).Locator(".row-links a").First.GetAttributeAsync("href"));

        Assert.False(await HorizontalScrollAsync(page), "horizontal scroll at 1400 px");
        await page.ScreenshotAsync(new PageScreenshotOptions { Path = Chromium.Artifact("parity-1400.png") });
        await page.SetViewportSizeAsync(1280, 900);
        Assert.False(await HorizontalScrollAsync(page), "horizontal scroll at 1280 px");

        // Feeds are linked from the page and its head.
        await Assertions.Expect(page.Locator("link[rel=alternate][type='application/atom+xml']")).ToHaveCountAsync(4);
        await Assertions.Expect(page.Locator(".feeds a").First).ToHaveAttributeAsync("href", "/feeds/ksp/errors.atom");
        Assert.Empty(errors);
    }

    [BrowserFact]
    public async Task The_page_refreshes_in_place_keeping_filters_and_scroll_and_marks_search_matches()
    {
        using var playwright = await Playwright.CreateAsync();
        await using var browser = await Chromium.LaunchAsync(playwright);
        var page = await OpenAsync(browser, 1400, 600);

        await page.GotoAsync(Url("/"));
        await page.GetByLabel(new Regex("show frozen")).CheckAsync();
        await page.EvaluateAsync("() => { document.querySelector('.table-wrap').scrollTop = 150; }");
        var before = await page.EvaluateAsync<int>("() => document.querySelector('.table-wrap').scrollTop");
        Assert.True(before > 100, $"the table scrolled only to {before}");

        await _host.Lifecycle.RecordAsync(new InflationFailed(GameId.Ksp, "FreshMod", DateTimeOffset.UtcNow, "Café réseau failed"), default);
        await Assertions.Expect(page.Locator("#mods tbody th > a:text-is('FreshMod')")).ToHaveCountAsync(1);
        await Assertions.Expect(page.Locator("#mods")).ToHaveAttributeAsync("data-refreshes", new Regex("[1-9]"));

        Assert.True(await page.GetByLabel(new Regex("show frozen")).IsCheckedAsync());
        Assert.Contains("frozen=1", page.Url);
        Assert.Equal(before, await page.EvaluateAsync<int>("() => document.querySelector('.table-wrap').scrollTop"));

        // Highlighting: case- and accent-insensitive, in the identifier and the message.
        await page.GetByLabel("Search").FillAsync("cafe");
        await Assertions.Expect(page.Locator("#mods tbody tr:not([hidden]) mark")).ToHaveTextAsync(["Café"]);
        await page.GetByLabel("Search").FillAsync("freshmod");
        await Assertions.Expect(page.Locator("#mods tbody tr:not([hidden]) th > a mark")).ToHaveTextAsync("FreshMod");
        await page.GetByLabel("Search").FillAsync("");
        await Assertions.Expect(page.Locator("#mods mark")).ToHaveCountAsync(0);
    }

    [BrowserFact]
    public async Task The_dark_mode_toggle_switches_and_is_remembered()
    {
        using var playwright = await Playwright.CreateAsync();
        await using var browser = await Chromium.LaunchAsync(playwright);
        var context = await browser.NewContextAsync(new BrowserNewContextOptions
        {
            ColorScheme = ColorScheme.Light, ViewportSize = new ViewportSize { Width = 1400, Height = 900 },
        });
        var page = await context.NewPageAsync();
        page.SetDefaultTimeout(20_000);

        await page.GotoAsync(Url("/"));
        var toggle = page.Locator("#theme");
        await Assertions.Expect(toggle).ToHaveAttributeAsync("aria-pressed", "false");
        var light = await page.EvaluateAsync<string>("() => getComputedStyle(document.body).backgroundColor");
        await toggle.ClickAsync();
        await Assertions.Expect(page.Locator("html")).ToHaveAttributeAsync("data-theme", "dark");
        await Assertions.Expect(toggle).ToHaveAttributeAsync("aria-pressed", "true");
        Assert.Equal("rgb(13, 17, 23)", await page.EvaluateAsync<string>("() => getComputedStyle(document.body).backgroundColor"));
        Assert.NotEqual("rgb(13, 17, 23)", light);
        await page.ScreenshotAsync(new PageScreenshotOptions { Path = Chromium.Artifact("parity-1400-dark.png") });

        await page.ReloadAsync();
        await Assertions.Expect(page.Locator("html")).ToHaveAttributeAsync("data-theme", "dark");
        Assert.Equal("true", await page.EvaluateAsync<string>("() => localStorage.getItem('darkTheme')"));
        await page.Locator("#theme").ClickAsync();
        await Assertions.Expect(page.Locator("html")).ToHaveAttributeAsync("data-theme", "light");
        await context.CloseAsync();
    }

    [BrowserFact]
    public async Task On_a_phone_rows_are_cards_with_labels_and_nothing_scrolls_sideways()
    {
        using var playwright = await Playwright.CreateAsync();
        await using var browser = await Chromium.LaunchAsync(playwright);
        var page = await OpenAsync(browser, 400, 800);

        await page.GotoAsync(Url("/"));
        var first = page.Locator("#mods tbody tr:not([hidden])").First;
        Assert.Equal("block", await first.EvaluateAsync<string>("tr => getComputedStyle(tr).display"));
        Assert.Contains("State", await first.Locator("td[data-label=State]").EvaluateAsync<string>("td => getComputedStyle(td, '::before').content"));
        var box = await first.BoundingBoxAsync();
        Assert.True(box!.Width <= 400 && box.Height < 400, $"card {box.Width}x{box.Height}");
        Assert.False(await page.EvaluateAsync<bool>("() => document.documentElement.scrollWidth > window.innerWidth + 1"), "sideways scroll at 400 px");
        await Assertions.Expect(page.Locator("#mods thead th[data-col=id] a")).ToBeVisibleAsync(); // sorting stays reachable
        await Assertions.Expect(page.Locator("#theme")).ToBeVisibleAsync();
        await page.ScreenshotAsync(new PageScreenshotOptions { Path = Chromium.Artifact("parity-400.png") });
    }
}
