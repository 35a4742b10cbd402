using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Time.Testing;
using NetKAN.Bus.Contracts.Alerts;
using NetKAN.Bus.Contracts.Lifecycle;
using NetKAN.Bus.Contracts.Games;
using NetKAN.Bus.Sagas.Recording;
using NetKAN.Bus.Services.Notifications;
using NetKAN.Bus.Services.Tests.Support;
using NetKAN.Bus.TestSupport;

namespace NetKAN.Bus.Services.Tests.Notifications;

/// <summary>The alert sink against a loopback Discord and JSON webhook receiver.</summary>
public sealed class AlertTests : IAsyncLifetime
{
    private static readonly DateTimeOffset T0 = new(2026, 8, 1, 12, 0, 0, TimeSpan.Zero);
    private readonly TempDir _dir = new("netkan-alerts");
    private FakeServer _receiver = null!;
    private ServicesHarness _host = null!;

    public async Task InitializeAsync()
    {
        _receiver = await FakeServer.StartAsync((app, _) =>
        {
            app.MapPost("/discord", () => Results.NoContent());
            app.MapPost("/json", () => Results.Ok());
        });
        _host = await ServicesHarness.StartAsync(_dir.Combine("data"), new Dictionary<string, string?>
        {
            ["Notifications:DiscordWebhook"] = _receiver.Url + "/discord",
            ["Notifications:JsonWebhook"] = _receiver.Url + "/json",
        });
    }

    public async Task DisposeAsync()
    {
        await _host.DisposeAsync();
        await _receiver.DisposeAsync();
        _dir.Dispose();
    }

    private List<string> Discord => _receiver.RequestsTo("POST", "/discord").Select(r => r.Json!["content"]!.GetValue<string>()).ToList();

    private async Task UntilAsync(Func<bool> condition)
    {
        var deadline = DateTime.UtcNow.AddSeconds(60);
        while (!condition() && DateTime.UtcNow < deadline)
        {
            await Task.Delay(50);
        }
        Assert.True(condition(), "receiver got: " + string.Join(" | ", Discord));
    }

    [Fact]
    public async Task Inflation_errors_alert_when_the_text_changes_warnings_when_new_and_each_text_only_once()
    {
        var life = _host.Services.GetRequiredService<IModLifecycle>();
        var alerts = _host.Services.GetRequiredService<IAlerts>();
        await life.RecordAsync(new InflationFailed(GameId.Ksp, "Mod", T0, "Broken kref"), default);
        await life.RecordAsync(new InflationFailed(GameId.Ksp, "Mod", T0.AddHours(1), "Broken kref"), default); // unchanged
        await life.RecordAsync(new InflationFailed(GameId.Ksp, "Mod", T0.AddHours(2), "No asset"), default);
        await life.RecordAsync(new InflationFailed(GameId.Ksp, "Mod", T0.AddHours(3), "Broken kref"), default); // changed, but sent before
        await life.RecordAsync(new InflationSucceeded(GameId.Ksp, "Mod", T0.AddHours(4), "1.0", Warnings: ["w1", "w2"]), default);
        await life.RecordAsync(new InflationSucceeded(GameId.Ksp, "Mod", T0.AddHours(5), "1.0", Warnings: ["w1", "w2"]), default); // same
        _host.Services.GetRequiredService<ILogger<AlertTests>>().LogError(new InvalidOperationException("boom"), "Run of {Job} failed", "ticket-closer");
        alerts.Raise(new Alert(AlertKind.SpaceDockNotice, "end"));

        await UntilAsync(() => Discord.Contains("end"));

        Assert.Equal(
        [
            "New inflation error for Mod: Broken kref",
            "New inflation error for Mod: No asset",
            "```New inflation warnings for Mod: w1\nw2```",
            "```Run of ticket-closer failed\nInvalidOperationException: boom```",
            "end",
        ], Discord);
        var json = _receiver.RequestsTo("POST", "/json").Select(r => r.Json!).ToList();
        Assert.Equal(5, json.Count);
        Assert.Equal("InflationError", json[0]["kind"]!.GetValue<string>());
        Assert.Equal("ksp", json[0]["game"]!.GetValue<string>());
        Assert.Equal("Mod", json[0]["identifier"]!.GetValue<string>());
        Assert.Equal("New inflation error for Mod: Broken kref", json[0]["text"]!.GetValue<string>());
        Assert.Equal("UncaughtException", json[3]["kind"]!.GetValue<string>());
    }

    [Fact]
    public void The_rate_limit_lets_N_a_minute_through_and_reports_how_many_it_held_back()
    {
        var clock = new FakeTimeProvider(T0);
        var gate = new AlertGate(2, TimeSpan.FromHours(24), clock);

        Assert.True(gate.Admit("a", out _));
        Assert.True(gate.Admit("b", out _));
        Assert.False(gate.Admit("c", out _));
        Assert.False(gate.Admit("d", out _));
        Assert.False(gate.Admit("a", out _)); // a duplicate, not counted as held back
        clock.Advance(TimeSpan.FromMinutes(1));
        Assert.True(gate.Admit("e", out var heldBack));
        Assert.Equal(2, heldBack);
        clock.Advance(TimeSpan.FromHours(24));
        Assert.True(gate.Admit("a", out _)); // the duplicate window has passed
    }

    [Fact]
    public void Discord_messages_are_cut_to_2000_characters_and_multi_line_text_is_fenced()
    {
        var pieces = WebhookAlerts.DiscordPieces(new string('x', 4500));
        Assert.Equal([2000, 2000, 500], pieces.Select(p => p.Length));

        var fenced = WebhookAlerts.DiscordPieces("a\n" + new string('y', 2500));
        Assert.All(fenced, p => Assert.True(p.Length <= 2000 && p.StartsWith("```", StringComparison.Ordinal) && p.EndsWith("```", StringComparison.Ordinal)));
        Assert.Equal(2, fenced.Count);
    }
}
