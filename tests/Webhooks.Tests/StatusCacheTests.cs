using System.Text.Json;
using Microsoft.Extensions.DependencyInjection;
using NetKAN.Bus.Contracts.Lifecycle;
using NetKAN.Bus.Contracts.Games;
using NetKAN.Bus.Webhooks.Tests.Support;

namespace NetKAN.Bus.Webhooks.Tests;

public sealed class StatusCacheTests
{
    private sealed class ManualTime(DateTimeOffset now) : TimeProvider
    {
        public DateTimeOffset Now { get; set; } = now;

        public override DateTimeOffset GetUtcNow() => Now;
    }

    [Fact]
    public async Task The_status_is_read_again_only_after_the_cache_time()
    {
        var time = new ManualTime(new DateTimeOffset(2026, 8, 1, 12, 0, 0, TimeSpan.Zero));
        await using var host = await WebhookHost.StartAsync(new Dictionary<string, string?> { ["Dashboard:CacheSeconds"] = "5" },
            services: s => s.AddSingleton<TimeProvider>(time));
        async Task<bool> Listed() =>
            JsonDocument.Parse(await host.Client.GetStringAsync("/status/netkan.json")).RootElement.TryGetProperty("Astrogator", out _);

        Assert.False(await Listed());
        await host.Lifecycle.RecordAsync(new InflationSucceeded(GameId.Ksp, "Astrogator", time.Now, "v1.0"), default);
        var stillCached = await Listed();
        time.Now = time.Now.AddSeconds(6);

        Assert.False(stillCached);
        Assert.True(await Listed());
    }
}
