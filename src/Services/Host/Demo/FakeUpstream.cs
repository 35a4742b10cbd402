using System.Collections.Concurrent;
using System.Security.Cryptography;
using System.Text.Json.Nodes;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Hosting.Server;
using Microsoft.AspNetCore.Hosting.Server.Features;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;

namespace NetKAN.Bus.Services.Demo;

/// <summary>
/// The demo's stand-in for SpaceDock, the GitHub API and download hosts, on 127.0.0.1 (a free port):
/// serves the sample mods' API answers and real zips, so the demo runs offline through the real Inflator.
/// GitHub API routes are served both at the root and under <c>/api/v3</c> (where Octokit expects a non-github.com host).
/// </summary>
public sealed class FakeUpstream : IAsyncDisposable
{
    private readonly WebApplication _app;
    private readonly Dictionary<string, byte[]> _zips;

    private FakeUpstream(WebApplication app, Dictionary<string, byte[]> zips)
    {
        _app = app;
        _zips = zips;
    }

    /// <summary>e.g. http://127.0.0.1:41234</summary>
    public string BaseUrl { get; private set; } = "";

    /// <summary>Pull requests opened against the fake GitHub API (title, head branch).</summary>
    public List<(string Title, string Head)> PullRequests { get; } = [];

    /// <summary>Files uploaded to the fake Internet Archive: item → (file name, lowercase SHA-1).</summary>
    public ConcurrentDictionary<string, List<(string Name, string Sha1)>> ArchiveItems { get; } = new();

    /// <param name="mods">The mods to serve.</param>
    /// <param name="preferredPort">Port to try first (0 = any free port); download URLs contain it, so the demo
    /// reuses its port across runs to keep re-inflated metadata unchanged.</param>
    /// <param name="cancellationToken">Cancels the start.</param>
    public static async Task<FakeUpstream> StartAsync(IReadOnlyList<SampleMod> mods, CancellationToken cancellationToken,
        int preferredPort = 0)
    {
        if (preferredPort != 0)
        {
            try
            {
                return await StartOnAsync(mods, preferredPort, cancellationToken);
            }
            catch (IOException)
            {
                // Taken by something else: any free port will do.
            }
        }
        return await StartOnAsync(mods, 0, cancellationToken);
    }

    /// <summary>
    /// Serves on <paramref name="listenUrl"/> (e.g. <c>http://0.0.0.0:5090</c> inside a container) and hands out
    /// <paramref name="publicUrl"/> (e.g. <c>http://upstream:5090</c>, how other containers reach it) in download
    /// and API URLs; without one, the address it listens on.
    /// </summary>
    public static Task<FakeUpstream> StartAsync(IReadOnlyList<SampleMod> mods, string listenUrl, string? publicUrl,
        CancellationToken cancellationToken) =>
        StartOnAsync(mods, listenUrl, publicUrl, cancellationToken);

    /// <summary>The port the upstream listens on.</summary>
    public int Port => new Uri(BaseUrl).Port;

    private static Task<FakeUpstream> StartOnAsync(IReadOnlyList<SampleMod> mods, int port, CancellationToken cancellationToken) =>
        StartOnAsync(mods, $"http://127.0.0.1:{port}", null, cancellationToken);

    private static async Task<FakeUpstream> StartOnAsync(IReadOnlyList<SampleMod> mods, string listenUrl, string? publicUrl,
        CancellationToken cancellationToken)
    {
        var builder = WebApplication.CreateSlimBuilder();
        builder.WebHost.UseUrls(listenUrl);
        builder.Logging.ClearProviders();
        var app = builder.Build();
        var zips = mods.ToDictionary(m => m.DownloadPath, SampleZip.Build);
        var upstream = new FakeUpstream(app, zips);
        upstream.MapRoutes(mods);
        upstream.MapArchive(mods);
        await app.StartAsync(cancellationToken);
        upstream.BaseUrl = (publicUrl ?? app.Services.GetRequiredService<IServer>().Features.Get<IServerAddressesFeature>()!
            .Addresses.First()).TrimEnd('/');
        return upstream;
    }

    private void MapRoutes(IReadOnlyList<SampleMod> mods)
    {
        // The sample mods themselves, so a client (tools/containers/test.sh) can put them into a NetKAN repository.
        _app.MapGet("/netkans", () => Results.Json(mods.Select(m => new { identifier = m.Identifier, version = m.Version })));
        _app.MapGet("/netkans/{identifier}.netkan", (string identifier) =>
            mods.FirstOrDefault(m => m.Identifier == identifier) is { } mod
                ? Results.Text(mod.NetkanFileText.TrimEnd() + "\n", "text/plain")
                : Results.NotFound());

        _app.MapGet("/files/{identifier}/{file}", (string identifier, string file) =>
            _zips.TryGetValue($"/files/{identifier}/{file}", out var zip)
                ? Results.File(zip, "application/zip")
                : Results.NotFound());

        _app.MapGet("/api/mod/{id:int}", (int id) =>
            mods.FirstOrDefault(m => m.SpaceDockId == id) is { } mod
                ? Results.Text(SpaceDockMod(mod).ToJsonString(), "application/json")
                : Results.Json(new { error = true, reason = "Mod not found." }, statusCode: 404));

        foreach (var prefix in new[] { "", "/api/v3" })
        {
            _app.MapGet(prefix + "/rate_limit", () => Results.Json(new
            {
                resources = new { core = new { limit = 5000, remaining = 4999, reset = 1_900_000_000, used = 1 } },
                rate = new { limit = 5000, remaining = 4999, reset = 1_900_000_000, used = 1 },
            }));
            // A sample mod's repository, or any other repository (CKAN-meta, NetKAN) with a main branch.
            _app.MapGet(prefix + "/repos/{owner}/{repo}", (string owner, string repo) =>
                Results.Text((Find(mods, owner, repo) is { } mod ? GitHubRepo(mod) : PlainRepo(owner, repo)).ToJsonString(), "application/json"));
            _app.MapGet(prefix + "/repos/{owner}/{repo}/releases", (string owner, string repo, int? page) =>
                Find(mods, owner, repo) is { } mod
                    ? Results.Text(page is null or 1 ? new JsonArray(GitHubRelease(mod)).ToJsonString() : "[]", "application/json")
                    : NotFoundJson());
            _app.MapPost(prefix + "/repos/{owner}/{repo}/pulls", async (string owner, string repo, HttpRequest request) =>
            {
                var body = JsonNode.Parse(await new StreamReader(request.Body).ReadToEndAsync())!;
                lock (PullRequests)
                {
                    PullRequests.Add((body["title"]!.GetValue<string>(), body["head"]!.GetValue<string>()));
                }
                var number = PullRequests.Count;
                return Results.Text(PullJson(owner, repo, number, body["title"]!.GetValue<string>()).ToJsonString(),
                    "application/json", statusCode: 201);
            });
            _app.MapGet(prefix + "/repos/{owner}/{repo}/pulls", (string owner, string repo, string? head) =>
            {
                lock (PullRequests)
                {
                    var open = PullRequests.Select((pr, i) => (pr, number: i + 1))
                        .Where(x => head is null || head.EndsWith(":" + x.pr.Head, StringComparison.Ordinal))
                        .Select(x => PullJson(owner, repo, x.number, x.pr.Title)).ToArray();
                    return Results.Text(new JsonArray(open).ToJsonString(), "application/json");
                }
            });
            _app.MapMethods(prefix + "/repos/{owner}/{repo}/issues/{number:int}/labels", ["POST", "PUT"], async (HttpRequest request) =>
            {
                var names = JsonNode.Parse(await new StreamReader(request.Body).ReadToEndAsync()) switch
                {
                    JsonArray list => list.Select(x => (string?)x).ToArray(),
                    JsonObject o when o["labels"] is JsonArray list => list.Select(x => (string?)x).ToArray(),
                    _ => [],
                };
                return Results.Json(names.Select((name, i) => new { id = i + 1, name, color = "ededed" }));
            });
            _app.MapPost(prefix + "/repos/{owner}/{repo}/issues/{number:int}/comments", (int number) =>
                Results.Json(new { id = number, body = "" }, statusCode: 201));
        }
    }

    /// <summary>The Internet Archive as the mirrorer uses it (S3 <c>check_limit</c> and uploads, the item metadata
    /// API), and GitHub source archives (<c>/&lt;owner&gt;/&lt;repo&gt;/archive/&lt;branch&gt;.zip</c>).</summary>
    private void MapArchive(IReadOnlyList<SampleMod> mods)
    {
        _app.MapGet("/", (HttpRequest request) => request.Query.ContainsKey("check_limit")
            ? Results.Json(new { bucket = request.Query["bucket"].ToString(), over_limit = 0 })
            : Results.NotFound());
        _app.MapGet("/metadata/{item}", (string item) => ArchiveItems.TryGetValue(item, out var files)
            ? Results.Json(new { files = files.Select(f => new { name = f.Name, sha1 = f.Sha1 }), metadata = new { identifier = item } })
            : Results.Json(new { }));
        _app.MapPut("/{item}/{file}", async (string item, string file, HttpRequest request) =>
        {
            using var body = new MemoryStream();
            await request.Body.CopyToAsync(body);
            var sha1 = Convert.ToHexStringLower(SHA1.HashData(body.ToArray()));
            var files = ArchiveItems.GetOrAdd(item, _ => []);
            lock (files)
            {
                files.Add((file, sha1));
            }
            return Results.Ok();
        });
        _app.MapGet("/{owner}/{repo}/archive/{branch}", (string owner, string repo) =>
            Find(mods, owner, repo) is { } mod ? Results.File(_zips[mod.DownloadPath], "application/zip") : Results.NotFound());
    }

    private JsonObject PullJson(string owner, string repo, int number, string title) => new()
    {
        ["id"] = number,
        ["number"] = number,
        ["state"] = "open",
        ["title"] = title,
        ["html_url"] = $"{BaseUrl}/{owner}/{repo}/pull/{number}",
        ["url"] = $"{BaseUrl}/api/v3/repos/{owner}/{repo}/pulls/{number}",
    };

    private static JsonObject PlainRepo(string owner, string repo) => new()
    {
        ["id"] = 1,
        ["name"] = repo,
        ["full_name"] = $"{owner}/{repo}",
        ["default_branch"] = "main",
        ["html_url"] = $"https://github.com/{owner}/{repo}",
        ["owner"] = new JsonObject { ["login"] = owner, ["type"] = "Organization" },
    };

    private static IResult NotFoundJson() =>
        Results.Json(new { message = "Not Found", documentation_url = "https://docs.github.com/rest" }, statusCode: 404);

    private static SampleMod? Find(IReadOnlyList<SampleMod> mods, string owner, string repo) =>
        mods.FirstOrDefault(m => string.Equals(m.GitHubRepo, $"{owner}/{repo}", StringComparison.OrdinalIgnoreCase));

    private JsonObject SpaceDockMod(SampleMod mod) => new()
    {
        ["id"] = mod.SpaceDockId,
        ["name"] = mod.Name,
        ["short_description"] = mod.Abstract,
        ["author"] = mod.Author,
        ["shared_authors"] = new JsonArray(),
        ["license"] = mod.License,
        ["website"] = $"{BaseUrl}/home/{mod.Identifier}",
        ["source_code"] = "",
        ["background"] = null,
        ["default_version_id"] = mod.SpaceDockId * 10,
        ["versions"] = new JsonArray(new JsonObject
        {
            ["id"] = mod.SpaceDockId * 10,
            ["friendly_version"] = mod.Version,
            ["game_version"] = mod.GameVersion,
            ["download_path"] = mod.DownloadPath,
            ["created"] = mod.Released.UtcDateTime.ToString("yyyy-MM-ddTHH:mm:ss.ffffff+00:00"),
        }),
    };

    private JsonObject GitHubRepo(SampleMod mod) => new()
    {
        ["id"] = mod.Identifier.Length,
        ["default_branch"] = "main",
        ["name"] = mod.GitHubRepo!.Split('/')[1],
        ["full_name"] = mod.GitHubRepo,
        ["description"] = mod.Abstract,
        ["html_url"] = $"https://github.com/{mod.GitHubRepo}",
        ["homepage"] = null,
        ["has_issues"] = true,
        ["has_wiki"] = false,
        ["has_discussions"] = false,
        ["archived"] = false,
        ["fork"] = false,
        ["license"] = new JsonObject { ["spdx_id"] = mod.License },
        ["owner"] = new JsonObject { ["login"] = mod.GitHubRepo.Split('/')[0], ["type"] = "User" },
    };

    private JsonObject GitHubRelease(SampleMod mod) => new()
    {
        ["tag_name"] = mod.Tag,
        ["name"] = mod.Tag,
        ["prerelease"] = false,
        ["draft"] = false,
        ["published_at"] = mod.Released.UtcDateTime.ToString("yyyy-MM-ddTHH:mm:ssZ"),
        ["author"] = new JsonObject { ["login"] = mod.Author, ["type"] = "User" },
        ["zipball_url"] = $"{BaseUrl}/zipball/{mod.Identifier}",
        ["assets"] = new JsonArray(new JsonObject
        {
            ["name"] = $"{mod.Identifier}-{mod.Version}.zip",
            ["browser_download_url"] = BaseUrl + mod.DownloadPath,
            ["content_type"] = "application/zip",
            ["size"] = _zips[mod.DownloadPath].Length,
            ["updated_at"] = mod.Released.UtcDateTime.ToString("yyyy-MM-ddTHH:mm:ssZ"),
        }),
    };

    public async ValueTask DisposeAsync()
    {
        await _app.StopAsync();
        await _app.DisposeAsync();
    }
}
