using System.Collections.Concurrent;
using System.Text.Json.Nodes;
using System.Text.Json;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting.Server.Features;
using Microsoft.AspNetCore.Hosting.Server;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;
using NetKAN.Bus.TestSupport;

namespace NetKAN.Bus.Services.Tests.Support;

/// <summary>One request the fake GitHub API received.</summary>
public sealed record GitHubRequest(string Method, string Path, string Query, string Body)
{
    public JsonNode? Json => Body.Length == 0 ? null : JsonNode.Parse(Body);
}

/// <summary>
/// A GitHub REST API stand-in on 127.0.0.1 (Kestrel, port 0), serving under <c>/api/v3/</c> as Octokit expects for
/// non-github.com hosts: repository info, pull requests (422 when one is already open for the head branch), labels,
/// comments and the rate limit. Records every request.
/// </summary>
public sealed class FakeGitHub : IAsyncDisposable
{
    private readonly WebApplication _app;
    private readonly ConcurrentQueue<GitHubRequest> _requests = new();
    private readonly ConcurrentDictionary<string, (long Number, string Url)> _openPulls = new();
    private long _nextNumber = 100;

    private FakeGitHub(WebApplication app) => _app = app;

    public string Url { get; private set; } = "";

    /// <summary>What GET /rate_limit reports as core.remaining.</summary>
    public int RateLimitRemaining { get; set; } = 5000;

    public IReadOnlyList<GitHubRequest> Requests => _requests.ToList();

    public static async Task<FakeGitHub> StartAsync()
    {
        FakeGitHub? fake = null;
        var (_, url) = await LoopbackApp.StartAsync(app =>
        {
            fake = new FakeGitHub(app);
            fake.Map(app);
        });
        fake!.Url = url;
        return fake;
    }

    /// <summary>Pretends a pull request is already open for a branch.</summary>
    public void AddOpenPull(string owner, string name, string branch) =>
        _openPulls[$"{owner}/{name}:{branch}"] = (Interlocked.Increment(ref _nextNumber), $"https://github.com/{owner}/{name}/pull/{_nextNumber}");

    public async ValueTask DisposeAsync()
    {
        await _app.StopAsync();
        await _app.DisposeAsync();
    }

    private void Map(WebApplication app)
    {
        app.Use(async (context, next) =>
        {
            context.Request.EnableBuffering();
            var body = await new StreamReader(context.Request.Body).ReadToEndAsync();
            context.Request.Body.Position = 0;
            _requests.Enqueue(new GitHubRequest(context.Request.Method, context.Request.Path, context.Request.QueryString.Value ?? "", body));
            await next();
        });

        app.MapGet("/api/v3/rate_limit", () => Results.Json(new
        {
            resources = new { core = Limit(RateLimitRemaining), search = Limit(30) },
            rate = Limit(RateLimitRemaining),
        }));
        app.MapGet("/api/v3/repos/{owner}/{name}", (string owner, string name) => Results.Json(new
        {
            id = 1,
            name,
            full_name = $"{owner}/{name}",
            default_branch = "main",
            owner = new { login = owner, id = 2 },
            html_url = $"https://github.com/{owner}/{name}",
        }));
        app.MapPost("/api/v3/repos/{owner}/{name}/pulls", async (string owner, string name, HttpRequest request) =>
        {
            var json = (await JsonNode.ParseAsync(request.Body))!;
            var head = json["head"]!.GetValue<string>();
            var key = $"{owner}/{name}:{head}";
            if (_openPulls.ContainsKey(key))
            {
                return Results.Json(new
                {
                    message = "Validation Failed",
                    errors = new[] { new { resource = "PullRequest", code = "custom", message = $"A pull request already exists for {owner}:{head}." } },
                }, statusCode: 422);
            }
            var number = Interlocked.Increment(ref _nextNumber);
            var url = $"https://github.com/{owner}/{name}/pull/{number}";
            _openPulls[key] = (number, url);
            return Results.Json(Pull(number, url, head, json["title"]?.GetValue<string>()), statusCode: 201);
        });
        app.MapGet("/api/v3/repos/{owner}/{name}/pulls", (string owner, string name, string? head) =>
        {
            var branch = head?.Split(':', 2)[^1] ?? "";
            return Results.Json(_openPulls.TryGetValue($"{owner}/{name}:{branch}", out var pull)
                ? new[] { Pull(pull.Number, pull.Url, branch, null) }
                : Array.Empty<object>());
        });
        app.MapPut("/api/v3/repos/{owner}/{name}/issues/{number:long}/labels", async (HttpRequest request) =>
        {
            var labels = (await JsonNode.ParseAsync(request.Body)) switch
            {
                JsonArray array => array.Select(x => x!.GetValue<string>()),
                JsonObject obj => obj["labels"]!.AsArray().Select(x => x!.GetValue<string>()),
                _ => [],
            };
            return Results.Json(labels.Select((label, i) => new { id = i + 1, name = label, color = "ededed" }));
        });
        app.MapPost("/api/v3/repos/{owner}/{name}/issues/{number:long}/comments", async (long number, HttpRequest request) =>
        {
            var json = (await JsonNode.ParseAsync(request.Body))!;
            return Results.Json(new { id = 7, body = json["body"]?.GetValue<string>(), html_url = $"https://github.com/comment/{number}" }, statusCode: 201);
        });
    }

    private static object Limit(int remaining) => new
    {
        limit = 5000,
        remaining,
        reset = DateTimeOffset.UtcNow.AddHours(1).ToUnixTimeSeconds(),
        used = 5000 - remaining,
    };

    private static object Pull(long number, string url, string head, string? title) => new
    {
        id = number,
        number,
        state = "open",
        title,
        html_url = url,
        url,
        head = new { @ref = head, label = head },
    };
}
