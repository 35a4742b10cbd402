using System.Net;
using NetKAN.Bus.Contracts.Lifecycle;
using NetKAN.Bus.Contracts.Games;
using NetKAN.Bus.Webhooks.Tests.Support;

namespace NetKAN.Bus.Webhooks.Tests;

/// <summary>A stalled stage and a failing mod, as the dashboard and the mod page show them.</summary>
public sealed class LifecycleDisplayTests
{
    [Fact]
    public async Task A_mirror_lost_past_its_deadline_shows_as_stalled_with_what_is_missing_since_when()
    {
        await using var host = await WebhookHost.StartAsync();
        var indexedAt = new DateTimeOffset(2026, 8, 1, 9, 30, 0, TimeSpan.Zero);
        await host.Lifecycle.RecordAsync(new ModIndexed(GameId.Ksp, "LostMirror", indexedAt, IndexOutcome.Added,
            "LostMirror-1.0.ckan", "c0ffee", Redistributable: true), default);
        await host.Lifecycle.RecordAsync(new DeadlinePassed(GameId.Ksp, "LostMirror", indexedAt.AddHours(3), "mirror"), default);
        await host.Lifecycle.RecordAsync(new InflationFailed(GameId.Ksp, "Broken", indexedAt, "No asset matches"), default);

        var dashboard = await host.Client.GetStringAsync("/");
        Assert.Contains("Stalled: no mirror outcome for LostMirror/LostMirror-1.0.ckan since 2026-08-01 09:30 UTC.", dashboard);
        Assert.Contains("Failing since", dashboard);

        var page = await host.Client.GetAsync("/mods/ksp/LostMirror");
        Assert.Equal(HttpStatusCode.OK, page.StatusCode);
        var html = await page.Content.ReadAsStringAsync();
        Assert.Contains("data-code=\"stalled\"", html);
        Assert.Contains("no mirror outcome for LostMirror/LostMirror-1.0.ckan since 2026-08-01 09:30 UTC; re-requested 1 times", html);

        var broken = await host.Client.GetStringAsync("/mods/ksp/Broken");
        Assert.Contains("data-code=\"failing-since\"", broken);
        Assert.DoesNotContain("data-code=\"stalled\"", broken);

        // The saga asked for the mirror twice: once when indexed, once when the deadline passed.
        Assert.Equal(2, host.Queues.Sent.Count(x => x.Queue == host.QueueNames.Mirroring && x.Message.Body == "LostMirror/LostMirror-1.0.ckan"));
    }
}
