using System.Collections.Concurrent;
using System.Security.Cryptography;
using System.Text.Json.Nodes;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using NetKAN.Bus.TestSupport;

namespace NetKAN.Bus.Services.Tests.Support;

/// <summary>
/// The Internet Archive (S3 uploads, <c>check_limit</c>, item metadata), a download host and the bits of GitHub the
/// mirrorer asks (repository default branch, source archives), all on one loopback <see cref="FakeServer"/>.
/// </summary>
public sealed class FakeArchive : IAsyncDisposable
{
    private FakeServer _server = null!;

    public string Url => _server.Url;

    public IReadOnlyList<RecordedRequest> Requests => _server.Requests;

    /// <summary>Items and their files (name, lowercase SHA-1).</summary>
    public ConcurrentDictionary<string, List<(string Name, string Sha1)>> Items { get; } = new();

    /// <summary>What GET / ?check_limit=1 reports as over_limit.</summary>
    public int OverLimit { get; set; }

    /// <summary>The status S3 uploads answer with.</summary>
    public int UploadStatus { get; set; } = 200;

    /// <summary>Files served by GET (downloads, source archives), by path.</summary>
    public ConcurrentDictionary<string, byte[]> Files { get; } = new();

    /// <summary>GitHub repositories (owner/name) and their default branch.</summary>
    public ConcurrentDictionary<string, string> DefaultBranches { get; } = new();

    public IEnumerable<RecordedRequest> Uploads => Requests.Where(x => x.Method == "PUT");

    public static async Task<FakeArchive> StartAsync()
    {
        var fake = new FakeArchive();
        fake._server = await FakeServer.StartAsync((app, _) => fake.Map(app));
        return fake;
    }

    public ValueTask DisposeAsync() => _server.DisposeAsync();

    private void Map(WebApplication app)
    {
        app.MapGet("/", (HttpRequest request) => request.Query.ContainsKey("check_limit")
            ? Results.Json(new
            {
                bucket = request.Query["bucket"].ToString(),
                accesskey = request.Query["accesskey"].ToString(),
                over_limit = OverLimit,
                detail = new { limit_reason = OverLimit == 0 ? "" : "too_many_tasks" },
            })
            : Results.NotFound());
        app.MapGet("/metadata/{item}", (string item) => Items.TryGetValue(item, out var files)
            ? Results.Json(new
            {
                files = files.Select(f => new { name = f.Name, sha1 = f.Sha1, source = "original" }),
                metadata = new { identifier = item },
            })
            : FakeServer.Json("{}"));
        app.MapPut("/{item}/{key}", async (string item, string key, HttpRequest request) =>
        {
            if (UploadStatus != 200)
            {
                return Results.Text("<Error><Code>InternalError</Code></Error>", "application/xml", statusCode: UploadStatus);
            }
            using var body = new MemoryStream();
            await request.Body.CopyToAsync(body);
            var sha1 = Convert.ToHexStringLower(SHA1.HashData(body.ToArray()));
            Items.AddOrUpdate(item, _ => [(key, sha1)], (_, files) => { lock (files) { files.Add((key, sha1)); } return files; });
            return Results.Ok();
        });
        app.MapGet("/api/v3/repos/{owner}/{name}", (string owner, string name) =>
            DefaultBranches.TryGetValue($"{owner}/{name}", out var branch)
                ? FakeServer.Json(new JsonObject
                {
                    ["id"] = 1, ["name"] = name, ["full_name"] = $"{owner}/{name}", ["default_branch"] = branch,
                    ["owner"] = new JsonObject { ["login"] = owner, ["id"] = 2 },
                    ["html_url"] = $"https://github.com/{owner}/{name}",
                }.ToJsonString())
                : Results.Json(new { message = "Not Found" }, statusCode: 404));
        app.MapGet("/{**path}", (string path) => Files.TryGetValue("/" + path, out var bytes)
            ? Results.Bytes(bytes, "application/octet-stream")
            : Results.NotFound());
    }
}
