using System.Text.Json.Nodes;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using NetKAN.Bus.Inflator;
using NetKAN.Bus.Contracts.Games;
using NetKAN.Bus.Services.Demo;
using NetKAN.Bus.TestSupport;

namespace NetKAN.Bus.Services.Tests.Demo;

/// <summary>The demo's sample mods inflate cleanly through the real Inflator against the bundled fake upstream.</summary>
public sealed class SampleModInflationTests
{
    [Fact]
    public async Task Every_sample_mod_inflates_against_the_fake_upstream()
    {
        using var temp = new TempDir();
        await using var upstream = await FakeUpstream.StartAsync(SampleMods.All, default);
        var configuration = new ConfigurationBuilder().AddInMemoryCollection(new Dictionary<string, string?>
        {
            ["Upstreams:SpaceDock"] = upstream.BaseUrl,
            ["Upstreams:GitHubApi"] = upstream.BaseUrl,
            ["Upstreams:GitHub"] = upstream.BaseUrl,
            ["Inflator:CacheDir"] = temp.Combine("cache"),
            ["Inflator:RemoteAvc"] = "false",
        }).Build();
        await using var services = new ServiceCollection().AddInflator(configuration).BuildServiceProvider();
        var inflator = services.GetRequiredService<IInflator>();

        foreach (var mod in SampleMods.All)
        {
            var result = await inflator.InflateAsync(new InflationRequest
            {
                NetkanText = mod.NetkanFileText,
                FileName = $"{mod.Identifier}.netkan",
                Game = GameId.Ksp,
            });

            Assert.True(result.Success, $"{mod.Identifier}: {result.ErrorMessage}");
            var module = Assert.Single(result.Modules);
            Assert.Equal($"{mod.Identifier}-{mod.Version}.ckan", module.FileName);
            var ckan = JsonNode.Parse(module.Ckan)!.AsObject();
            Assert.Equal(mod.Identifier, (string?)ckan["identifier"]);
            Assert.Equal(mod.Version, (string?)ckan["version"]);
            Assert.Equal(mod.License, (string?)ckan["license"]);
            Assert.Equal(upstream.BaseUrl + mod.DownloadPath, (string?)ckan["download"]);
            Assert.Equal(SampleZip.Build(mod).Length, (long?)ckan["download_size"]);
            Assert.NotNull(ckan["download_hash"]?["sha256"]);
            Assert.Equal(["en-us"], ckan["localizations"]!.AsArray().Select(x => (string?)x));
            Assert.Equal("netkan", (string?)ckan["x_generated_by"]);
        }
    }
}
