using System.Collections.Concurrent;
using Microsoft.Extensions.DependencyInjection;
using NetKAN.Bus.Contracts.Alerts;
using NetKAN.Bus.Contracts.Games;
using NetKAN.Bus.Webhooks.Tests.Support;

namespace NetKAN.Bus.Webhooks.Tests;

/// <summary>SpaceDock delete/lock notices reach the alert sink (the original sent them to Discord); updates do not.</summary>
public sealed class SpaceDockAlertTests
{
    private sealed class RecordingAlerts : IAlerts
    {
        public ConcurrentQueue<Alert> Raised { get; } = new();

        public void Raise(Alert alert) => Raised.Enqueue(alert);
    }

    [Fact]
    public async Task A_delete_notice_is_an_alert_and_an_update_is_not()
    {
        var alerts = new RecordingAlerts();
        await using var host = await WebhookHost.StartAsync(services: s => s.AddSingleton<IAlerts>(alerts));

        await ApiAssert.NoContentAsync(await host.Client.PostAsync("/sd/inflate/ksp",
            new FormUrlEncodedContent([new("mod_id", "269"), new("event_type", "delete")])));
        await ApiAssert.NoContentAsync(await host.Client.PostAsync("/sd/inflate/ksp",
            new FormUrlEncodedContent([new("mod_id", "269"), new("event_type", "update")])));

        var alert = Assert.Single(alerts.Raised);
        Assert.Equal(new Alert(AlertKind.SpaceDockNotice, "A SpaceDock mod has been deleted, affected netkans: DogeCoinFlag, DogeCoinFlag-Extra", GameId.Ksp), alert);
    }
}
