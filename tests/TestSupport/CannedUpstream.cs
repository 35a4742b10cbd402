using System.Collections.Concurrent;
using System.Text;
using System.Text.Json;
using System.Text.Json.Nodes;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;

namespace NetKAN.Bus.TestSupport;

/// <summary>A canned answer.</summary>
public sealed record FakeResponse(int Status, byte[] Body, string ContentType = "application/json")
{
    public Dictionary<string, string> Headers { get; init; } = [];

    public static FakeResponse Json(JsonNode node, int status = 200) => new(status, Encoding.UTF8.GetBytes(node.ToJsonString()));
    public static FakeResponse Json(string text, int status = 200) => new(status, Encoding.UTF8.GetBytes(text));
    public static FakeResponse Bytes(byte[] body) => new(200, body, "application/octet-stream");
}

/// <summary>
/// One loopback Kestrel server standing in for SpaceDock (<c>/sd</c>), the GitHub API (<c>/ghapi</c>), github.com
/// (<c>/gh</c>) and download hosts (<c>/files</c>). Routes are exact "METHOD path?query" keys; unknown routes are 404.
/// Every request is counted. A route table on a <see cref="FakeServer"/>, the one loopback server of the tests.
/// </summary>
public sealed class CannedUpstream : IAsyncDisposable
{
    private readonly ConcurrentDictionary<string, FakeResponse> _routes = new(StringComparer.Ordinal);
    private FakeServer _server = null!;

    public ConcurrentQueue<string> Requests { get; } = new();
    public ConcurrentQueue<(string Route, string? Authorization, string? UserAgent)> RequestHeaders { get; } = new();

    public string BaseUrl { get; private set; } = "";
    public string SpaceDock => BaseUrl + "/sd";
    public string GitHubApi => BaseUrl + "/ghapi";
    public string GitHub => BaseUrl + "/gh";
    public string Files => BaseUrl + "/files";

    public static async Task<CannedUpstream> StartAsync()
    {
        var fake = new CannedUpstream();
        fake._server = await FakeServer.StartAsync((app, _) => app.Run(fake.HandleAsync));
        fake.BaseUrl = fake._server.Url;
        return fake;
    }

    public void Set(string route, FakeResponse response) => _routes[route] = response;

    public void Get(string pathAndQuery, FakeResponse response) => Set("GET " + pathAndQuery, response);

    public int Count(string pathPrefix) => Requests.Count(r => r.Contains(pathPrefix, StringComparison.Ordinal));

    private async Task HandleAsync(HttpContext context)
    {
        var route = $"{context.Request.Method} {context.Request.Path.Value}{context.Request.QueryString.Value}";
        Requests.Enqueue(route);
        RequestHeaders.Enqueue((route, context.Request.Headers.Authorization.FirstOrDefault(), context.Request.Headers.UserAgent.FirstOrDefault()));
        if (!_routes.TryGetValue(route, out var response)
            && !(context.Request.Method == "HEAD" && _routes.TryGetValue("GET " + route[5..], out response)))
        {
            context.Response.StatusCode = 404;
            await context.Response.WriteAsync("Not Found");
            return;
        }
        context.Response.StatusCode = response.Status;
        context.Response.ContentType = response.ContentType;
        foreach (var (k, v) in response.Headers)
        {
            context.Response.Headers[k] = v;
        }
        if (context.Request.Method != "HEAD")
        {
            await context.Response.Body.WriteAsync(response.Body);
        }
    }

    public ValueTask DisposeAsync() => _server.DisposeAsync();
}

public static class JsonText
{
    public static JsonNode Parse(string json) => JsonNode.Parse(json)!;

    public static string Serialize(object value) => JsonSerializer.Serialize(value);
}
