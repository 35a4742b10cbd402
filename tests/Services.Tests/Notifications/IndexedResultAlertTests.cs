using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.DependencyInjection;
using NetKAN.Bus.Contracts.Alerts;
using NetKAN.Bus.Contracts.Games;
using NetKAN.Bus.Contracts.Lifecycle;
using NetKAN.Bus.Sagas.Recording;
using NetKAN.Bus.Services.Tests.Support;
using NetKAN.Bus.TestSupport;

namespace NetKAN.Bus.Services.Tests.Notifications;

/// <summary>The Indexer's one update per indexed result (<see cref="InflatedAndIndexed"/>) raises the warnings alert
/// its inflation result would raise alone.</summary>
public sealed class IndexedResultAlertTests : IAsyncLifetime
{
    private static readonly DateTimeOffset T0 = new(2026, 8, 1, 12, 0, 0, TimeSpan.Zero);
    private readonly TempDir _dir = new("netkan-indexed-alerts");
    private FakeServer _receiver = null!;
    private ServicesHarness _host = null!;

    public async Task InitializeAsync()
    {
        _receiver = await FakeServer.StartAsync((app, _) => app.MapPost("/discord", () => Results.NoContent()));
        _host = await ServicesHarness.StartAsync(_dir.Combine("data"), new Dictionary<string, string?>
        {
            ["Notifications:DiscordWebhook"] = _receiver.Url + "/discord",
        });
    }

    public async Task DisposeAsync()
    {
        await _host.DisposeAsync();
        await _receiver.DisposeAsync();
        _dir.Dispose();
    }

    private List<string> Discord => _receiver.RequestsTo("POST", "/discord").Select(r => r.Json!["content"]!.GetValue<string>()).ToList();

    [Fact]
    public async Task New_warnings_of_an_indexed_result_alert_once()
    {
        var life = _host.Services.GetRequiredService<IModLifecycle>();
        await life.RecordAsync(Indexed(T0, ["w1"]), default);
        await life.RecordAsync(Indexed(T0.AddHours(1), ["w1"]), default); // the same warnings: no second alert
        _host.Services.GetRequiredService<IAlerts>().Raise(new Alert(AlertKind.SpaceDockNotice, "end"));

        var deadline = DateTime.UtcNow.AddSeconds(60);
        while (!Discord.Contains("end") && DateTime.UtcNow < deadline)
        {
            await Task.Delay(50);
        }

        Assert.Equal(["New inflation warnings for Mod: w1", "end"], Discord);
    }

    private static InflatedAndIndexed Indexed(DateTimeOffset time, IReadOnlyList<string> warnings) =>
        new(new InflationSucceeded(GameId.Ksp, "Mod", time, "1.0", "Mod-1.0.ckan", warnings),
            new ModIndexed(GameId.Ksp, "Mod", time, IndexOutcome.Unchanged, "Mod-1.0.ckan", "c1"));
}
