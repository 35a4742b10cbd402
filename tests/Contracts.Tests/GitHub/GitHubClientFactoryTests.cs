using System.Text.Json.Nodes;
using NetKAN.Bus.Contracts.Configuration;
using NetKAN.Bus.Contracts.GitHub;

namespace NetKAN.Bus.Contracts.Tests.GitHub;

/// <summary>Where each GitHub API lives and which request carries the token, as every GitHub client gets it.</summary>
public sealed class GitHubClientFactoryTests
{
    private static GitHubClientFactory Factory(string? token = null, string? apiUrl = null, string? restApi = null,
        string? graphQl = null, string? site = null)
    {
        var gitHub = new GitHubOptions { Token = token };
        var upstreams = new UpstreamOptions();
        gitHub.ApiUrl = apiUrl ?? gitHub.ApiUrl;
        upstreams.GitHubApi = restApi ?? upstreams.GitHubApi;
        upstreams.GitHubGraphQl = graphQl ?? upstreams.GitHubGraphQl;
        upstreams.GitHub = site ?? upstreams.GitHub;
        return new GitHubClientFactory(gitHub, upstreams);
    }

    [Fact]
    public void Defaults_are_the_real_github_apis_without_a_token()
    {
        var factory = Factory();

        Assert.Equal(new Uri("https://api.github.com/"), factory.OctokitApi);
        Assert.Equal(new Uri("https://api.github.com/"), factory.RestApi);
        Assert.Equal(new Uri("https://api.github.com/graphql"), factory.GraphQlEndpoint);
        Assert.Equal(new Uri("https://github.com/"), factory.Site);
        Assert.False(factory.HasToken);
        Assert.Null(factory.Token);
    }

    [Theory]
    [InlineData("http://127.0.0.1:5000/ghapi")]
    [InlineData("http://127.0.0.1:5000/ghapi/")]
    public void Every_base_url_can_be_pointed_at_a_fake_and_rest_urls_join_with_one_slash(string restApi)
    {
        var factory = Factory(apiUrl: "http://127.0.0.1:5001", restApi: restApi, graphQl: "http://127.0.0.1:5002/graphql",
            site: "http://127.0.0.1:5003/");

        Assert.Equal(new Uri("http://127.0.0.1:5001/"), factory.OctokitApi);
        Assert.Equal(new Uri("http://127.0.0.1:5000/ghapi/"), factory.RestApi);
        Assert.Equal(new Uri("http://127.0.0.1:5002/graphql"), factory.GraphQlEndpoint);
        Assert.Equal("http://127.0.0.1:5000/ghapi/repos/o/r/releases?per_page=10&page=1",
            factory.Rest("/repos/o/r/releases?per_page=10&page=1").AbsoluteUri);
        Assert.Equal("http://127.0.0.1:5003/o/r/archive/main.zip", factory.SiteUrl("o/r/archive/main.zip").AbsoluteUri);
    }

    [Fact]
    public void The_token_goes_only_to_the_rest_api_as_a_token_header()
    {
        var factory = Factory(token: "sekrit", restApi: "http://127.0.0.1:5000/ghapi");
        Assert.Null(AuthorizationOf(factory, factory.SiteUrl("o/r/wiki").AbsoluteUri));

        Assert.Equal("token sekrit", AuthorizationOf(factory, "http://127.0.0.1:5000/ghapi/repos/o/r"));
        Assert.Equal("token sekrit", AuthorizationOf(factory, "HTTP://127.0.0.1:5000/GHAPI/repos/o/r"));
        Assert.Null(AuthorizationOf(factory, "http://127.0.0.1:5000/ghapi-mirror/repos/o/r")); // a prefix, not the base
        Assert.Null(AuthorizationOf(factory, "http://127.0.0.1:5000/dl/Mod.zip"));
        Assert.Null(AuthorizationOf(factory, "https://github.com/o/r/wiki"));
        Assert.Null(AuthorizationOf(factory, "https://spacedock.info/api/mod/1"));
    }

    [Theory]
    [InlineData(null)]
    [InlineData("")]
    [InlineData("   ")]
    public void Without_a_token_no_request_is_authorised(string? token)
    {
        var factory = Factory(token: token);

        Assert.False(factory.HasToken);
        Assert.Null(AuthorizationOf(factory, "https://api.github.com/repos/o/r"));
        using var graphQl = factory.CreateGraphQlRequest("{ viewer { login } }");
        Assert.Null(graphQl.Headers.Authorization);
    }

    [Fact]
    public async Task A_graphql_request_posts_the_query_as_json_to_the_endpoint_with_a_bearer_token()
    {
        var factory = Factory(token: "sekrit", graphQl: "http://127.0.0.1:5002/graphql");
        const string query = "query { repository(owner: \"o\", name: \"r\") { name } }";

        using var request = factory.CreateGraphQlRequest(query);

        Assert.Equal(HttpMethod.Post, request.Method);
        Assert.Equal(new Uri("http://127.0.0.1:5002/graphql"), request.RequestUri);
        Assert.Equal("bearer sekrit", request.Headers.Authorization?.ToString());
        Assert.Equal("application/json", request.Content!.Headers.ContentType!.MediaType);
        var body = JsonNode.Parse(await request.Content.ReadAsStringAsync())!.AsObject();
        Assert.Equal(query, body["query"]!.GetValue<string>());
        Assert.Single(body);
    }

    private static string? AuthorizationOf(GitHubClientFactory factory, string url)
    {
        using var request = new HttpRequestMessage(HttpMethod.Get, url);
        factory.AuthorizeRest(request);
        return request.Headers.Authorization?.ToString();
    }
}
