using System.Net;
using System.Net.Http.Headers;
using System.Text;
using Microsoft.Extensions.DependencyInjection;
using NetKAN.Bus.Contracts.Lifecycle;
using NetKAN.Bus.Contracts.Games;
using NetKAN.Bus.Webhooks.Api;
using NetKAN.Bus.Webhooks.Tests.Support;

namespace NetKAN.Bus.Webhooks.Tests.Hardening;

/// <summary>
/// Issue 13's findings on the webhook routes (fake NetKAN ports): each used to answer 500, write raw control characters
/// into the log, or lack the security headers. Now: 400 for bad shapes and encodings, escaped log values, CSP and
/// friends on every answer, HEAD wherever GET is served.
/// </summary>
public sealed class WebhookInputTests : IAsyncLifetime
{
    private readonly CollectingLogSink _log = new();
    private WebhookHost _host = null!;

    public async Task InitializeAsync() =>
        _host = await WebhookHost.StartAsync(services: s => s.AddSingleton<Serilog.Core.ILogEventSink>(_log));

    public async Task DisposeAsync() => await _host.DisposeAsync();

    private static ByteArrayContent Bytes(byte[] body)
    {
        var content = new ByteArrayContent(body);
        content.Headers.ContentType = new MediaTypeHeaderValue("application/json");
        return content;
    }

    [Fact]
    public async Task An_identifier_in_invalid_UTF_8_is_a_400_not_a_500()
    {
        var body = Encoding.UTF8.GetBytes("""{"identifiers": ["Astro#"]}""");
        body[Array.IndexOf(body, (byte)'#')] = 0xFF;

        var response = await _host.Client.PostAsync("/inflate/ksp", Bytes(body));

        await ApiAssert.ErrorAsync(response, HttpStatusCode.BadRequest, "The body is not valid UTF-8");
        Assert.Empty(_host.Queues.Sent);
    }

    [Fact]
    public async Task An_escaped_lone_surrogate_is_a_400_not_a_500()
    {
        var response = await _host.Client.PostAsync("/inflate/ksp", new StringContent("""{"identifiers": ["\ud800"]}"""));

        await ApiAssert.ErrorAsync(response, HttpStatusCode.BadRequest, "not valid text");
    }

    [Theory]
    [InlineData("/gh/inflate/ksp", "[1]", "entry 0 is Number")]
    [InlineData("/gh/inflate/ksp", "[null]", "entry 0 is Null")]
    [InlineData("/gh/inflate/ksp", "[\"x\"]", "entry 0 is String")]
    [InlineData("/gh/mirror/ksp", "[1]", "entry 0 is Number")]
    [InlineData("/gh/mirror/ksp", "[null]", "entry 0 is Null")]
    [InlineData("/gh/mirror/ksp", "[{\"added\": []}, \"x\"]", "entry 1 is String")]
    [InlineData("/gh/mirror/ksp", "\"commits\"", "not String")]
    public async Task Signed_pushes_whose_commits_are_not_objects_are_a_400(string path, string commits, string says)
    {
        var payload = $$"""{"ref": "refs/heads/master", "after": "9b8c7d6e5f4a", "commits": {{commits}}}""";

        var response = await _host.Client.SendAsync(WebhookHost.GitHub(path, payload));

        await ApiAssert.ErrorAsync(response, HttpStatusCode.BadRequest, says);
        Assert.Empty(_host.Queues.Sent);
    }

    [Fact]
    public async Task Mirror_paths_that_are_not_ckan_files_of_the_CKAN_meta_are_rejected_and_make_no_rows()
    {
        var payload = """
            {"ref": "refs/heads/master", "after": "9b8c7d6e5f4a", "commits": [{"id": "9b8c7d6e5f4a", "added":
              ["/etc/passwd.ckan", "a/b.ckan", "NetKAN/../../x.ckan", "Astrogator/../../x.ckan", "Nope/Nope-1.0.ckan", ".ckan",
               "Foo\nBar/x.ckan"], "modified": []}]}
            """;

        var response = await _host.Client.SendAsync(WebhookHost.GitHub("/gh/mirror/ksp", payload));

        await ApiAssert.ErrorAsync(response, HttpStatusCode.BadRequest, "7 of the pushed .ckan paths are not in the ksp CKAN-meta");
        Assert.Empty(_host.Queues.Sent);
        Assert.Empty(await _host.Store.ListAsync(null, default));
        var logged = Assert.Single(_log.Messages, m => m.Contains("were not queued"));
        Assert.Contains("/etc/passwd.ckan", logged);
        Assert.Contains("Foo\\", logged); // the line break escaped, not written
        Assert.DoesNotContain('\n', logged);
    }

    [Fact]
    public async Task A_mirror_push_mixing_real_and_phantom_paths_queues_only_the_real_ones()
    {
        var payload = """
            {"ref": "refs/heads/master", "after": "9b8c7d6e5f4a", "commits": [{"id": "9b8c7d6e5f4a",
              "added": ["Astrogator/Astrogator-v1.0.0.ckan", "/etc/passwd.ckan"], "modified": ["a/b.ckan"]}]}
            """;

        var response = await _host.Client.SendAsync(WebhookHost.GitHub("/gh/mirror/ksp", payload));

        var message = await ApiAssert.MessageAsync(response);
        Assert.Equal("1 queued for mirroring; 2 of the pushed .ckan paths are not in the ksp CKAN-meta and were ignored", message);
        Assert.Equal(["Astrogator/Astrogator-v1.0.0.ckan"], _host.Queues.On("Mirroring.fifo").Select(x => x.Body));
    }

    [Fact]
    public async Task NetKAN_push_paths_outside_the_NetKAN_folder_or_with_bad_identifiers_name_no_mod()
    {
        await _host.Lifecycle.RecordAsync(new InflationSucceeded(GameId.Ksp, "Astrogator", DateTimeOffset.UtcNow, "1.0"), default);
        var payload = """
            {"ref": "refs/heads/master", "after": "9b8c7d6e5f4a", "commits": [{"id": "9b8c7d6e5f4a",
              "added": ["../Astrogator.frozen", "x/NetKAN/Astrogator.frozen", "NetKAN/A.netkan", "NetKAN/Foo\nBar.netkan"]}]}
            """;

        var response = await _host.Client.SendAsync(WebhookHost.GitHub("/gh/inflate/ksp", payload));

        await ApiAssert.NoContentAsync(response);
        Assert.Empty(_host.Queues.Sent);
        Assert.False((await _host.Store.LoadAsync(ModSagaId.For(GameId.Ksp, "Astrogator"), default))!.Frozen);
        Assert.Single(await _host.Store.ListAsync(null, default));
    }

    [Fact]
    public async Task Line_breaks_and_NUL_in_identifiers_are_escaped_in_the_log()
    {
        var response = await _host.Client.PostAsync("/inflate/ksp",
            new StringContent("{\"identifiers\": [\"Foo\\n[12:00:00 INF] forged\", \"Nul\\u0000Byte\", \"Esc\\u001b[31m\"]}"));

        await ApiAssert.ErrorAsync(response, HttpStatusCode.NotFound, "No such module");
        var line = Assert.Single(_log.Messages, m => m.StartsWith("Inflation of 3 ksp mods requested", StringComparison.Ordinal));
        Assert.Contains("Foo\\n[12:00:00 INF] forged", line);
        Assert.Contains("Nul\\0Byte", line);
        Assert.Contains("Esc\\u001b[31m", line);
        Assert.All(_log.Messages, m => Assert.DoesNotContain(m, c => c is '\n' or '\0' or '\u001b'));
    }

    [Theory]
    [InlineData("GET", "/")]
    [InlineData("GET", "/api/mods")]
    [InlineData("GET", "/status/netkan.json")]
    [InlineData("GET", "/mods/ksp/Nope")]
    [InlineData("POST", "/inflate/ksp")]
    [InlineData("POST", "/no/such/route")]
    [InlineData("HEAD", "/")]
    public async Task Every_answer_carries_the_security_headers(string method, string path)
    {
        var response = await _host.Client.SendAsync(new HttpRequestMessage(new HttpMethod(method), path));

        Assert.Equal(SecurityHeaders.ContentSecurityPolicy, response.Headers.GetValues("Content-Security-Policy").Single());
        Assert.Contains("frame-ancestors 'none'", SecurityHeaders.ContentSecurityPolicy);
        Assert.Equal("nosniff", response.Headers.GetValues("X-Content-Type-Options").Single());
        Assert.Equal("DENY", response.Headers.GetValues("X-Frame-Options").Single());
    }

    [Theory]
    [InlineData("/")]
    [InlineData("/api/mods")]
    [InlineData("/status/netkan.json")]
    [InlineData("/status/netkan-ksp2.json")]
    [InlineData("/assets/dashboard.css")]
    [InlineData("/assets/dashboard.js")]
    [InlineData("/feeds/ksp/errors.atom")]
    public async Task HEAD_is_answered_wherever_GET_is_with_the_same_status_and_type_and_no_body(string path)
    {
        var get = await _host.Client.GetAsync(path);
        var head = await _host.Client.SendAsync(new HttpRequestMessage(HttpMethod.Head, path));

        Assert.Equal(HttpStatusCode.OK, get.StatusCode);
        Assert.Equal(HttpStatusCode.OK, head.StatusCode);
        Assert.Equal(get.Content.Headers.ContentType, head.Content.Headers.ContentType);
        Assert.Empty(await head.Content.ReadAsByteArrayAsync());
    }

    [Fact]
    public async Task HEAD_of_an_unknown_mod_is_a_404_and_HEAD_of_a_webhook_a_405()
    {
        var mod = await _host.Client.SendAsync(new HttpRequestMessage(HttpMethod.Head, "/api/mods/ksp/Nope"));
        var hook = await _host.Client.SendAsync(new HttpRequestMessage(HttpMethod.Head, "/gh/mirror"));

        Assert.Equal(HttpStatusCode.NotFound, mod.StatusCode);
        Assert.Equal(HttpStatusCode.MethodNotAllowed, hook.StatusCode);
    }
}
