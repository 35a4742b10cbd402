using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Options;
using NetKAN.Bus.Contracts.Configuration;
using NetKAN.Bus.Contracts.GitHub;
using NetKAN.Bus.TestSupport;

namespace NetKAN.Bus.Inflator.Tests;

public sealed class ServiceTests
{
    [Fact]
    public void Defaults_are_the_real_upstreams()
    {
        using var services = new ServiceCollection().AddInflator(new ConfigurationBuilder().Build()).BuildServiceProvider();
        var upstreams = services.GetRequiredService<IOptions<UpstreamOptions>>().Value;
        var inflator = services.GetRequiredService<IOptions<InflatorOptions>>().Value;
        Assert.Equal("https://spacedock.info", upstreams.SpaceDock);
        Assert.Equal("https://api.github.com", upstreams.GitHubApi);
        Assert.Equal("https://github.com", upstreams.GitHub);
        Assert.Null(services.GetRequiredService<IOptions<GitHubOptions>>().Value.Token);
        Assert.EndsWith(Path.Combine(".cache", "netkan", "downloads"), inflator.ResolveCacheDir());
        Assert.Equal("Mozilla/5.0 (compatible; Netkanbot/1.0; CKAN; +https://github.com/KSP-CKAN/NetKAN-Infra)", inflator.UserAgent);
        Assert.NotNull(services.GetRequiredService<IInflator>());
    }

    [Fact]
    public void Environment_style_keys_bind()
    {
        var configuration = new ConfigurationBuilder().AddInMemoryCollection(new Dictionary<string, string?>
        {
            ["Upstreams:SpaceDock"] = "http://127.0.0.1:5000",
            ["GitHub:Token"] = "t",
            ["Inflator:CacheDir"] = "/tmp/x",
            ["Inflator:TextTimeout"] = "00:00:03",
        }).Build();
        using var services = new ServiceCollection().AddInflator(configuration).BuildServiceProvider();
        Assert.Equal("http://127.0.0.1:5000", services.GetRequiredService<IOptions<UpstreamOptions>>().Value.SpaceDock);
        Assert.Equal("t", services.GetRequiredService<IOptions<GitHubOptions>>().Value.Token);
        Assert.Equal("/tmp/x", services.GetRequiredService<IOptions<InflatorOptions>>().Value.ResolveCacheDir());
        Assert.Equal(TimeSpan.FromSeconds(3), services.GetRequiredService<IOptions<InflatorOptions>>().Value.TextTimeout);
    }

    [Fact]
    public void The_inflator_alone_builds_the_github_client_factory_from_both_sections()
    {
        var configuration = new ConfigurationBuilder().AddInMemoryCollection(new Dictionary<string, string?>
        {
            ["GitHub:Token"] = "t",
            ["GitHub:ApiUrl"] = "http://127.0.0.1:5001",
            ["Upstreams:GitHubApi"] = "http://127.0.0.1:5000/ghapi",
            ["Upstreams:GitHubGraphQl"] = "http://127.0.0.1:5002/graphql",
        }).Build();
        using var services = new ServiceCollection().AddInflator(configuration).BuildServiceProvider();

        var factory = services.GetRequiredService<GitHubClientFactory>();
        Assert.Equal("t", factory.Token);
        Assert.Equal(new Uri("http://127.0.0.1:5001/"), factory.OctokitApi);
        Assert.Equal(new Uri("http://127.0.0.1:5000/ghapi/"), factory.RestApi);
        Assert.Equal(new Uri("http://127.0.0.1:5002/graphql"), factory.GraphQlEndpoint);
    }

    [Fact]
    public async Task Concurrent_inflations_share_the_service_safely()
    {
        await using var h = await InflatorHarness.StartAsync();
        for (var i = 0; i < 8; i++)
        {
            h.Fake.SpaceDockMod(i + 1, $"Mod{i}", [new SdVersion(100 + i, "1.0", $"/dl/Mod{i}.zip")]);
            h.Fake.SpaceDockFile($"/dl/Mod{i}.zip", new ZipBuilder().File($"GameData/Mod{i}/Mod{i}.dll", $"dll {i}").Build());
        }

        var results = await Task.WhenAll(Enumerable.Range(0, 16).Select(n => h.InflateAsync(
            $$"""{"identifier": "Mod{{n % 8}}", "$kref": "#/ckan/spacedock/{{n % 8 + 1}}", "license": "MIT", "tags": ["x"]}""", $"Mod{n % 8}")));

        Assert.All(results, r => Assert.True(r.Success, r.ErrorMessage));
        Assert.Equal(8, results.Select(r => r.Modules[0].Ckan).Distinct().Count());
    }
}
