using System.Diagnostics;

namespace NetKAN.Bus.Webhooks.Tests;

public sealed class StatusBackgroundRefreshTests
{
    [Fact]
    public async Task Past_three_quarters_of_the_cache_time_the_next_snapshot_is_read_without_making_a_request_wait()
    {
        await using var host = await StatusCacheHost.StartAsync(cacheSeconds: 8);

        Assert.False(await host.ListsAsync("Astrogator"));
        await host.RecordInflatedAsync("Astrogator");
        host.Advance(TimeSpan.FromSeconds(5));
        var beforeAging = await host.ListsAsync("Astrogator");
        host.Advance(TimeSpan.FromSeconds(1)); // 6 s of 8: aging, still fresh
        var servedWhileReading = await host.ListsAsync("Astrogator");

        Assert.False(beforeAging);
        Assert.False(servedWhileReading); // the request got the current snapshot, not the one being read
        // The clock stands still, so the snapshot never expires: only the background read can bring the mod in.
        var clock = Stopwatch.StartNew();
        var listed = false;
        while (!listed && clock.Elapsed < TimeSpan.FromSeconds(30))
        {
            listed = await host.ListsAsync("Astrogator");
            if (!listed)
            {
                await Task.Delay(20);
            }
        }
        Assert.True(listed);
    }
}
