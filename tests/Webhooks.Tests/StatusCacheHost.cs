using System.Text.Json;
using Microsoft.Extensions.DependencyInjection;
using NetKAN.Bus.Contracts.Games;
using NetKAN.Bus.Contracts.Lifecycle;
using NetKAN.Bus.Webhooks.Tests.Support;

namespace NetKAN.Bus.Webhooks.Tests;

/// <summary>A webhook host with a status cache and a clock the test moves by hand (status snapshot tests).</summary>
internal sealed class StatusCacheHost : IAsyncDisposable
{
    private static readonly DateTimeOffset Start = new(2026, 8, 1, 12, 0, 0, TimeSpan.Zero);

    private readonly ManualTime _time;
    private readonly WebhookHost _host;

    private StatusCacheHost(ManualTime time, WebhookHost host)
    {
        _time = time;
        _host = host;
    }

    public static async Task<StatusCacheHost> StartAsync(int cacheSeconds)
    {
        var time = new ManualTime(Start);
        var host = await WebhookHost.StartAsync(
            new Dictionary<string, string?> { ["Dashboard:CacheSeconds"] = cacheSeconds.ToString(System.Globalization.CultureInfo.InvariantCulture) },
            services: s => s.AddSingleton<TimeProvider>(time));
        return new StatusCacheHost(time, host);
    }

    public void Advance(TimeSpan by) => _time.Now += by;

    /// <summary>Records a successful inflation of the mod now (the store has it; the cache may not yet).</summary>
    public Task RecordInflatedAsync(string identifier) =>
        _host.Lifecycle.RecordAsync(new InflationSucceeded(GameId.Ksp, identifier, _time.Now, "v1.0"), default);

    /// <summary>Whether <c>/status/netkan.json</c> lists the mod.</summary>
    public async Task<bool> ListsAsync(string identifier) =>
        JsonDocument.Parse(await _host.Client.GetStringAsync("/status/netkan.json")).RootElement.TryGetProperty(identifier, out _);

    public ValueTask DisposeAsync() => _host.DisposeAsync();

    private sealed class ManualTime(DateTimeOffset now) : TimeProvider
    {
        public DateTimeOffset Now { get; set; } = now;

        public override DateTimeOffset GetUtcNow() => Now;
    }
}
