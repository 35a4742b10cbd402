namespace NetKAN.Bus.Webhooks.Tests;

public sealed class StatusCacheTests
{
    [Fact]
    public async Task The_status_is_read_again_only_after_the_cache_time()
    {
        await using var host = await StatusCacheHost.StartAsync(cacheSeconds: 5);

        Assert.False(await host.ListsAsync("Astrogator"));
        await host.RecordInflatedAsync("Astrogator");
        var stillCached = await host.ListsAsync("Astrogator");
        host.Advance(TimeSpan.FromSeconds(6));

        Assert.False(stillCached);
        Assert.True(await host.ListsAsync("Astrogator"));
    }
}
