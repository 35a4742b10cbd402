using System.Collections.Concurrent;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using NetKAN.Bus.Contracts.GitHub;
using NetKAN.Bus.Inflator;
using NetKAN.Bus.Services.GitHub;
using NetKAN.Bus.Services.Upstreams;
using NetKAN.Bus.TestSupport;

namespace NetKAN.Bus.Services.Tests.Upstreams;

/// <summary>Every GitHub user of a process (inflator, catalog, GraphQL) gets the same factory, whichever registers
/// first, and the Octokit client it builds talks to the configured API with the token.</summary>
public sealed class GitHubClientFactoryWiringTests
{
    private static readonly Dictionary<string, string?> Settings = new()
    {
        ["GitHub:Token"] = "test-token",
        ["GitHub:ApiUrl"] = "http://127.0.0.1:5001",
        ["Upstreams:GitHubApi"] = "http://127.0.0.1:5000/ghapi",
        ["Upstreams:GitHubGraphQl"] = "http://127.0.0.1:5002/graphql",
        ["Upstreams:GitHub"] = "http://127.0.0.1:5003",
    };

    /// <param name="first">Which registers first: 0 the inflator, 1 the catalog (Octokit), 2 the GraphQL client.</param>
    [Theory]
    [InlineData(0)]
    [InlineData(1)]
    [InlineData(2)]
    public void One_factory_with_the_same_endpoints_whoever_registers_first(int first)
    {
        var configuration = new ConfigurationBuilder().AddInMemoryCollection(Settings).Build();
        var services = new ServiceCollection();
        Action[] registrations =
        [
            () => services.AddInflator(configuration),
            () => GitHubServices.AddOctokit(services, configuration),
            () => ServiceHttp.Add(services, configuration),
        ];
        foreach (var register in registrations.Skip(first).Concat(registrations.Take(first)))
        {
            register();
        }
        using var provider = services.BuildServiceProvider();

        var factory = Assert.Single(provider.GetServices<GitHubClientFactory>());
        Assert.Equal(new Uri("http://127.0.0.1:5001/"), factory.OctokitApi);
        Assert.Equal(new Uri("http://127.0.0.1:5000/ghapi/"), factory.RestApi);
        Assert.Equal(new Uri("http://127.0.0.1:5002/graphql"), factory.GraphQlEndpoint);
        Assert.Equal(new Uri("http://127.0.0.1:5003/"), factory.Site);
        Assert.Equal("test-token", factory.Token);
        Assert.True(provider.GetRequiredService<GitHubGraphQl>().HasToken);
    }

    [Theory]
    [InlineData("test-token")]
    [InlineData(null)]
    public async Task The_octokit_client_sends_the_product_name_and_the_token_when_there_is_one(string? token)
    {
        var seen = new ConcurrentQueue<(string? Authorization, string? UserAgent)>();
        var (app, url) = await LoopbackApp.StartAsync(app => app.MapGet("/api/v3/rate_limit", (HttpRequest request) =>
        {
            seen.Enqueue((request.Headers.Authorization.FirstOrDefault(), request.Headers.UserAgent.FirstOrDefault()));
            var limit = new { limit = 5000, remaining = 42, reset = 1_900_000_000, used = 4958 };
            return Results.Json(new { resources = new { core = limit, search = limit }, rate = limit });
        }));
        await using var _ = app;
        var configuration = new ConfigurationBuilder().AddInMemoryCollection(new Dictionary<string, string?>
        {
            ["GitHub:Token"] = token,
            ["GitHub:ApiUrl"] = url,
        }).Build();
        var services = new ServiceCollection();
        GitHubServices.AddOctokit(services, configuration);
        using var provider = services.BuildServiceProvider();

        var remaining = await new OctokitRateLimit(provider.GetRequiredService<GitHubClients>()).GetCoreRemainingAsync(default);

        Assert.Equal(42, remaining);
        var (authorization, userAgent) = Assert.Single(seen);
        Assert.StartsWith(GitHubClientFactory.ProductName + " ", userAgent);
        if (token is null)
        {
            Assert.Null(authorization);
        }
        else
        {
            Assert.Equal($"token {token}", authorization, ignoreCase: true);
        }
    }
}
