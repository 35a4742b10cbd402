using System.Diagnostics;
using System.Text.Json;
using Microsoft.Extensions.DependencyInjection;
using NetKAN.Bus.Contracts.Games;
using NetKAN.Bus.Contracts.Lifecycle;
using NetKAN.Bus.Webhooks.Tests.Support;

namespace NetKAN.Bus.Webhooks.Tests;

public sealed class StatusBackgroundRefreshTests
{
    private sealed class ManualTime(DateTimeOffset now) : TimeProvider
    {
        public DateTimeOffset Now { get; set; } = now;

        public override DateTimeOffset GetUtcNow() => Now;
    }

    [Fact]
    public async Task Past_three_quarters_of_the_cache_time_the_next_snapshot_is_read_without_making_a_request_wait()
    {
        var time = new ManualTime(new DateTimeOffset(2026, 8, 1, 12, 0, 0, TimeSpan.Zero));
        await using var host = await WebhookHost.StartAsync(new Dictionary<string, string?> { ["Dashboard:CacheSeconds"] = "8" },
            services: s => s.AddSingleton<TimeProvider>(time));
        async Task<bool> Listed() =>
            JsonDocument.Parse(await host.Client.GetStringAsync("/status/netkan.json")).RootElement.TryGetProperty("Astrogator", out _);

        Assert.False(await Listed());
        await host.Lifecycle.RecordAsync(new InflationSucceeded(GameId.Ksp, "Astrogator", time.Now, "v1.0"), default);
        time.Now = time.Now.AddSeconds(5);
        var beforeAging = await Listed();
        time.Now = time.Now.AddSeconds(1); // 6 s of 8: aging, still fresh
        var servedWhileReading = await Listed();

        Assert.False(beforeAging);
        Assert.False(servedWhileReading); // the request got the current snapshot, not the one being read
        // The clock stands still, so the snapshot never expires: only the background read can bring the mod in.
        var clock = Stopwatch.StartNew();
        var listed = false;
        while (!listed && clock.Elapsed < TimeSpan.FromSeconds(30))
        {
            listed = await Listed();
            if (!listed)
            {
                await Task.Delay(20);
            }
        }
        Assert.True(listed);
    }
}
