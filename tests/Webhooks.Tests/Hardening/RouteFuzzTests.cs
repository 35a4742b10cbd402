using System.Net;
using System.Text;
using System.Text.Json;
using Microsoft.Extensions.DependencyInjection;
using NetKAN.Bus.Contracts.Lifecycle;
using NetKAN.Bus.Contracts.Games;
using NetKAN.Bus.TestSupport;
using NetKAN.Bus.Webhooks.Tests.Support;

namespace NetKAN.Bus.Webhooks.Tests.Hardening;

/// <summary>
/// Fuzz (issue 13): generated requests for every route — bodies of random shape, depth, size and encoding, GitHub
/// pushes with mistyped fields (signed, so they reach the parsers), SpaceDock forms with odd fields, odd games, paths
/// and query strings. For each: no 5xx; a refused request (4xx) sends no message and creates no status row. After all
/// of them the host still serves the dashboard. Seeded (a failure names seed and case) and bounded in count and time.
/// </summary>
public sealed class RouteFuzzTests
{
    private static readonly TimeSpan Budget = TimeSpan.FromSeconds(12);

    private static readonly string[] Games = ["ksp", "ksp2", "KSP", "ksp3", "", "%00", "..", "%2e%2e", "日本", "ksp%0a"];

    private static readonly string[] PushFields = ["ref", "after", "commits", "added", "modified", "removed", "id", "zen", "hook"];

    [Theory]
    [InlineData(1013)]
    [InlineData(4242)]
    public async Task No_route_answers_5xx_and_refused_requests_leave_nothing_behind(int seed)
    {
        await using var host = await WebhookHost.StartAsync(new Dictionary<string, string?> { ["Webhooks:MaxBodyBytes"] = "65536" });
        // One mod has a row, so frozen pushes and lookups have something real to find.
        await host.Lifecycle.RecordAsync(new InflationSucceeded(GameId.Ksp, "Astrogator", DateTimeOffset.UtcNow, "1.0"), default);
        var fuzz = new FuzzInputs(seed);
        var cases = 0;
        foreach (var i in FuzzInputs.Cases(1_500, Budget))
        {
            var request = Request(fuzz, i);
            var describe = $"seed {seed} case {i}: {request.Method} {request.RequestUri}";
            var rowsBefore = (await host.Store.ListAsync(null, default)).Count;
            var sentBefore = host.Queues.Sent.Count;

            using var response = await host.Client.SendAsync(request);
            var body = await response.Content.ReadAsStringAsync();

            Assert.True((int)response.StatusCode < 500, $"{describe} answered {(int)response.StatusCode}: {body}");
            // "No such module: X; sent: A" is a 404 that did send the known mods, as documented.
            if ((int)response.StatusCode >= 400 && !body.Contains("; sent: ", StringComparison.Ordinal))
            {
                Assert.True(rowsBefore == (await host.Store.ListAsync(null, default)).Count, $"{describe} was refused but made a row");
                Assert.True(sentBefore == host.Queues.Sent.Count, $"{describe} was refused but sent a message");
            }
            cases++;
        }
        Assert.True(cases >= 100, $"only {cases} cases ran within {Budget}");
        // Rows exist only for mods the repository has.
        Assert.All(await host.Store.ListAsync(null, default), row => Assert.True(FakeNetkans.Netkans.ContainsKey((GameId.Parse(row.GameId), row.Identifier)), row.Identifier));
        Assert.Equal(HttpStatusCode.OK, (await host.Client.GetAsync("/")).StatusCode);
    }

    private static HttpRequestMessage Request(FuzzInputs fuzz, int i)
    {
        var game = fuzz.Next(3) == 0 ? "/" + fuzz.Pick(Games) : fuzz.Next(2) == 0 ? "/ksp" : "";
        switch (i % 9)
        {
            case 0:
                return Post("/inflate" + game, Body(fuzz, () => $"{{\"identifiers\": {IdentifierList(fuzz)}}}"));
            case 1:
                return Post("/sd/inflate" + game, Form(fuzz, ["mod_id", "event_type"]));
            case 2:
                return Post("/sd/add" + game, Form(fuzz, ["name", "id", "username", "user_github", "email", "license", "source_link"]));
            case 3:
                return Signed(fuzz, "/gh/inflate" + game, fuzz.Next(6) == 0 ? InvalidUtf8(fuzz, Push(fuzz, "NetKAN/", ".netkan")) : Push(fuzz, "NetKAN/", ".netkan"));
            case 4:
                return Signed(fuzz, "/gh/mirror" + game, Push(fuzz, "Astrogator/", ".ckan"));
            case 5:
                return Signed(fuzz, "/gh/release" + game + "?identifier=" + Uri.EscapeDataString(fuzz.Scalar()), Encoding.UTF8.GetBytes(fuzz.JsonValue(4)), "release");
            case 6:
                return new HttpRequestMessage(fuzz.Pick([HttpMethod.Get, HttpMethod.Head]),
                    fuzz.Pick(["/", "/api/mods", "/status/netkan.json"]) + "?" + Query(fuzz));
            case 7:
                return new HttpRequestMessage(fuzz.Pick([HttpMethod.Get, HttpMethod.Head]),
                    $"{fuzz.Pick(["/mods", "/api/mods"])}{game}/{Uri.EscapeDataString(fuzz.Scalar())}");
            default:
                // Raw bytes, nesting and sizes on any route.
                return Post(fuzz.Pick(["/inflate", "/gh/inflate", "/gh/mirror", "/sd/add", "/sd/inflate"]) + game, RawBody(fuzz));
        }
    }

    private static string IdentifierList(FuzzInputs fuzz) => fuzz.Next(4) switch
    {
        0 => fuzz.JsonValue(3),
        1 => "[]",
        _ => JsonSerializer.Serialize(Enumerable.Range(0, fuzz.Next(1, 5)).Select(_ => fuzz.Next(3) == 0 ? "Astrogator" : fuzz.Scalar())),
    };

    private static byte[] Body(FuzzInputs fuzz, Func<string> shaped) => fuzz.Next(5) switch
    {
        0 => RawBody(fuzz),
        1 => InvalidUtf8(fuzz, Encoding.UTF8.GetBytes(shaped())),
        2 => Encoding.UTF8.GetBytes(fuzz.Mutate(shaped())),
        _ => Encoding.UTF8.GetBytes(shaped()),
    };

    /// <summary>A well-formed body with one byte inside it replaced by one that is never valid UTF-8.</summary>
    private static byte[] InvalidUtf8(FuzzInputs fuzz, byte[] body)
    {
        if (body.Length > 2)
        {
            body[fuzz.Next(1, body.Length - 1)] = fuzz.Pick(new byte[] { 0xFF, 0xC0, 0xFE, 0x80 });
        }
        return body;
    }

    private static byte[] RawBody(FuzzInputs fuzz) => fuzz.Next(6) switch
    {
        0 => fuzz.Bytes(fuzz.Next(0, 200)),
        1 => Encoding.UTF8.GetBytes(FuzzInputs.Nested(fuzz.Next(1, 5_000), fuzz.Next(2) == 0)),
        2 => Encoding.UTF8.GetBytes("{\"identifiers\": [\"" + new string('a', fuzz.Next(60_000, 80_000)) + "\"]}"),
        3 => Encoding.UTF8.GetBytes(fuzz.JsonValue(fuzz.Next(8))),
        4 => [],
        _ => Encoding.UTF8.GetBytes(fuzz.RandomText(fuzz.Next(1, 100))),
    };

    /// <summary>A push payload with random types in random fields (the paths sometimes real, sometimes hostile).</summary>
    private static byte[] Push(FuzzInputs fuzz, string folder, string extension)
    {
        string Path() => fuzz.Next(3) switch
        {
            0 => folder + fuzz.Pick(["Astrogator", "DogeCoinFlag", "KerbalEngineerRedux"]) + (extension == ".ckan" ? "-v1.0.0" : "") + extension,
            1 => fuzz.Scalar() + extension,
            _ => fuzz.Scalar(),
        };
        string Value(string field) => fuzz.Next(5) == 0
            ? fuzz.JsonValue(3)
            : field switch
            {
                "ref" => JsonSerializer.Serialize(fuzz.Pick(["refs/heads/master", "refs/heads/main", fuzz.Scalar()])),
                "commits" => "[" + string.Join(",", Enumerable.Range(0, fuzz.Next(0, 4)).Select(_ => fuzz.Next(4) == 0
                    ? fuzz.JsonValue(2)
                    : $"{{\"id\": {JsonSerializer.Serialize(fuzz.Scalar())}, \"added\": {JsonSerializer.Serialize(Enumerable.Range(0, fuzz.Next(4)).Select(_ => Path()))}, \"modified\": {(fuzz.Next(3) == 0 ? fuzz.JsonValue(2) : JsonSerializer.Serialize(new[] { Path() }))}}}")) + "]",
                _ => JsonSerializer.Serialize(fuzz.Scalar()),
            };
        var fields = new[] { "ref", "after", "commits" }.Concat(Enumerable.Range(0, fuzz.Next(3)).Select(_ => fuzz.Pick(PushFields)))
            .Where(_ => fuzz.Next(8) != 0).Distinct();
        var json = "{" + string.Join(",", fields.Select(f => $"{JsonSerializer.Serialize(f)}: {Value(f)}")) + "}";
        return Encoding.UTF8.GetBytes(fuzz.Next(6) == 0 ? fuzz.Mutate(json) : json);
    }

    private static ByteArrayContent Form(FuzzInputs fuzz, string[] fields)
    {
        var pairs = fields.Where(_ => fuzz.Next(4) != 0)
            .Select(f => $"{Uri.EscapeDataString(f)}={Uri.EscapeDataString(fuzz.Next(3) == 0 ? fuzz.Pick(["269", "update", "delete", "Mod", "1"]) : fuzz.Scalar())}");
        var text = string.Join("&", pairs);
        var content = new ByteArrayContent(fuzz.Next(5) == 0 ? fuzz.Bytes(fuzz.Next(1, 100)) : Encoding.UTF8.GetBytes(text));
        content.Headers.TryAddWithoutValidation("Content-Type", fuzz.Pick(["application/x-www-form-urlencoded", "multipart/form-data; boundary=x", "text/plain", "application/json"]));
        return content;
    }

    private static string Query(FuzzInputs fuzz) =>
        string.Join("&", Enumerable.Range(0, fuzz.Next(4)).Select(_ =>
            $"{fuzz.Pick(["q", "game", "kind", "state", "warnings", "frozen", "sort", "dir", "seed"])}={Uri.EscapeDataString(fuzz.Scalar())}"));

    private static HttpRequestMessage Post(string path, byte[] body)
    {
        var content = new ByteArrayContent(body);
        content.Headers.TryAddWithoutValidation("Content-Type", "application/json");
        return Post(path, content);
    }

    private static HttpRequestMessage Post(string path, HttpContent content) => new(HttpMethod.Post, path) { Content = content };

    private static HttpRequestMessage Signed(FuzzInputs fuzz, string path, byte[] body, string gitHubEvent = "push")
    {
        var request = WebhookHost.GitHub(path, "", fuzz.Next(8) == 0 ? "ping" : gitHubEvent);
        request.Content = new ByteArrayContent(body);
        request.Headers.Remove("X-Hub-Signature-256");
        request.Headers.TryAddWithoutValidation("X-Hub-Signature-256", fuzz.Next(10) == 0
            ? "sha256=" + Convert.ToHexString(fuzz.Bytes(fuzz.Next(0, 40)))
            : Security.GitHubSignature.Sign256(body, WebhookHost.Secret));
        return request;
    }
}
