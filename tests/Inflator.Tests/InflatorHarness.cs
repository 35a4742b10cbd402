using Microsoft.Extensions.DependencyInjection;
using NetKAN.Bus.TestSupport;

namespace NetKAN.Bus.Inflator.Tests;

/// <summary>A fake upstream, a temp cache folder and an <see cref="IInflator"/> wired to both through AddInflator, in a
/// bare host from the shared <see cref="TestHostBuilder"/>.</summary>
public sealed class InflatorHarness : IAsyncDisposable
{
    private readonly TestHost _host;

    private InflatorHarness(CannedUpstream fake, TempDir cache, TestHost host)
    {
        Fake = fake;
        Cache = cache;
        _host = host;
        Inflator = host.Get<IInflator>();
    }

    public CannedUpstream Fake { get; }
    public TempDir Cache { get; }
    public IInflator Inflator { get; }
    public IServiceProvider Services => _host.Services;

    public static Task<InflatorHarness> StartAsync(IDictionary<string, string?>? extra = null) =>
        StartAsync(_ => extra ?? new Dictionary<string, string?>());

    /// <summary>Starts with settings that may depend on the fake's address (known only once it listens).</summary>
    public static async Task<InflatorHarness> StartAsync(Func<CannedUpstream, IDictionary<string, string?>> configure)
    {
        var fake = await CannedUpstream.StartAsync();
        var cache = new TempDir("inflator-cache");
        var host = await new TestHostBuilder().With(new Dictionary<string, string?>
        {
            ["Upstreams:SpaceDock"] = fake.SpaceDock,
            ["Upstreams:GitHubApi"] = fake.GitHubApi,
            ["Upstreams:GitHub"] = fake.GitHub,
            ["Inflator:CacheDir"] = cache.Path,
            ["Inflator:TextRetries"] = "1",
            ["Inflator:RetryDelay"] = "00:00:00.010",
        }).With(configure(fake)).Services((services, configuration) => services.AddInflator(configuration)).StartAsync();
        return new InflatorHarness(fake, cache, host);
    }

    public Task<InflationResult> InflateAsync(string netkan, string identifier, string? highest = null,
        string? highestPre = null, int releases = 1) =>
        Inflator.InflateAsync(new InflationRequest
        {
            NetkanText = netkan,
            FileName = identifier + ".netkan",
            HighestVersion = highest,
            HighestVersionPrerelease = highestPre,
            Releases = releases,
        });

    /// <summary>The .ckan text with the fake's random port replaced, for snapshots.</summary>
    public string Normalize(string text) => text.Replace(Fake.BaseUrl, "http://upstream", StringComparison.Ordinal);

    public async ValueTask DisposeAsync()
    {
        await _host.DisposeAsync();
        await Fake.DisposeAsync();
        Cache.Dispose();
    }
}
