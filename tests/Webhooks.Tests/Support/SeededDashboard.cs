using System.Text.RegularExpressions;
using Microsoft.Extensions.DependencyInjection;
using NetKAN.Bus.Services.Seeding;

namespace NetKAN.Bus.Webhooks.Tests.Support;

/// <summary>One host for a test class, seeded with sample mods in every situation through the lifecycle saga.</summary>
public sealed class SeededDashboard : IAsyncLifetime
{
    /// <summary>Four of each scenario.</summary>
    public const int Mods = 52;

    public WebhookHost Host { get; private set; } = null!;

    public async Task InitializeAsync()
    {
        Host = await WebhookHost.StartAsync(services: s => s.AddSingleton<StatusSeed>());
        await Host.Services.GetRequiredService<StatusSeed>().SeedAsync(Mods, WebhookHost.Timeout);
    }

    public async Task DisposeAsync() => await Host.DisposeAsync();

    /// <summary>The mods of a scenario, by name.</summary>
    public static IReadOnlyList<string> Named(StatusSeed.Scenario scenario) =>
        Enumerable.Range(0, Mods).Where(i => StatusSeed.ScenarioOf(i) == scenario).Select(StatusSeed.NameOf).ToList();
}

/// <summary>The table rows of a rendered dashboard page, with the attributes the page and its script use.</summary>
public sealed partial record TableRow(string Game, string Identifier, string State, bool Meta, bool Frozen, bool Warnings, bool Error, bool Hidden)
{
    [GeneratedRegex("""<tr data-s="(?<state>[^"]+)"(?<m> data-m="1")?(?<f> data-f="1")?(?<w> data-w="1")?(?<e> data-e="1")?(?<h> hidden)?><th scope="row"><a href="/mods/(?<game>[^/]+)/(?<id>[^"]+)"[^>]*>""")]
    private static partial Regex RowPattern();

    public static IReadOnlyList<TableRow> Parse(string html) =>
        RowPattern().Matches(html).Select(m => new TableRow(
            m.Groups["game"].Value, Uri.UnescapeDataString(m.Groups["id"].Value), m.Groups["state"].Value,
            m.Groups["m"].Success, m.Groups["f"].Success, m.Groups["w"].Success, m.Groups["e"].Success, m.Groups["h"].Success)).ToList();

    public static IReadOnlyList<TableRow> Visible(string html) => Parse(html).Where(x => !x.Hidden).ToList();
}
