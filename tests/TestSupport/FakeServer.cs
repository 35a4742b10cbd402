using System.Collections.Concurrent;
using System.Text;
using System.Text.Json.Nodes;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;

namespace NetKAN.Bus.TestSupport;

/// <summary>One request a <see cref="FakeServer"/> received.</summary>
public sealed record RecordedRequest(string Method, string Path, string Query, IReadOnlyDictionary<string, string> Headers, byte[] Body)
{
    public string Text => Encoding.UTF8.GetString(Body);

    public JsonNode? Json => Body.Length == 0 ? null : JsonNode.Parse(Body);

    /// <summary>A header value (names compared case-insensitively), or null.</summary>
    public string? Header(string name) => Headers.TryGetValue(name.ToLowerInvariant(), out var value) ? value : null;
}

/// <summary>
/// A Kestrel server on 127.0.0.1 (a free port) whose routes a test maps, recording every request with its headers and
/// body. Stands in for archive.org, GitHub (REST and GraphQL), SpaceDock, SourceForge and download hosts.
/// </summary>
public sealed class FakeServer : IAsyncDisposable
{
    private readonly WebApplication _app;
    private readonly ConcurrentQueue<RecordedRequest> _requests = new();

    private FakeServer(WebApplication app) => _app = app;

    /// <summary>e.g. http://127.0.0.1:41234 (no trailing slash).</summary>
    public string Url { get; private set; } = "";

    public IReadOnlyList<RecordedRequest> Requests => _requests.ToList();

    public IEnumerable<RecordedRequest> RequestsTo(string method, string path) =>
        Requests.Where(x => x.Method == method && x.Path == path);

    public static async Task<FakeServer> StartAsync(Action<WebApplication, FakeServer> map)
    {
        FakeServer? server = null;
        var (app, url) = await LoopbackApp.StartAsync(app =>
        {
            server = new FakeServer(app);
            app.Use(async (context, next) =>
            {
                context.Request.EnableBuffering();
                using var copy = new MemoryStream();
                await context.Request.Body.CopyToAsync(copy);
                context.Request.Body.Position = 0;
                var headers = context.Request.Headers.ToDictionary(h => h.Key.ToLowerInvariant(), h => h.Value.ToString());
                server._requests.Enqueue(new RecordedRequest(context.Request.Method, context.Request.Path.Value ?? "",
                    context.Request.QueryString.Value ?? "", headers, copy.ToArray()));
                await next();
            });
            map(app, server);
        });
        server!.Url = url;
        return server;
    }

    public static IResult Json(string json, int status = 200) => Results.Text(json, "application/json", Encoding.UTF8, status);

    public async ValueTask DisposeAsync()
    {
        await _app.StopAsync();
        await _app.DisposeAsync();
    }
}
