using System.Net;
using System.Net.Sockets;
using System.Text;
using NetKAN.Bus.Contracts.Lifecycle;
using NetKAN.Bus.Contracts.Games;
using NetKAN.Bus.Webhooks.Tests.Support;

namespace NetKAN.Bus.Webhooks.Tests.Hardening;

/// <summary>
/// Defences issue 13's probe found holding, kept under test: deeply nested JSON bodies are a 400, a body that trickles
/// in is a 408, traversal and odd identifiers are 404s, and caller text is HTML-escaped on every page.
/// (Body limits and signatures: <see cref="SecurityTests"/>.)
/// </summary>
public sealed class KeptDefenceTests : IAsyncLifetime
{
    private WebhookHost _host = null!;

    public async Task InitializeAsync() => _host = await WebhookHost.StartAsync();

    public async Task DisposeAsync() => await _host.DisposeAsync();

    [Theory]
    [InlineData("/inflate/ksp")]
    [InlineData("/gh/inflate/ksp")]
    public async Task A_JSON_body_nested_60000_levels_is_a_400(string path)
    {
        var body = "{\"identifiers\": " + new string('[', 60_000) + new string(']', 60_000) + "}";

        var response = path.StartsWith("/gh/", StringComparison.Ordinal)
            ? await _host.Client.SendAsync(WebhookHost.GitHub(path, body))
            : await _host.Client.PostAsync(path, new StringContent(body));

        await ApiAssert.ErrorAsync(response, HttpStatusCode.BadRequest, "The body is not valid JSON");
    }

    [Fact]
    public async Task A_body_that_trickles_in_too_slowly_is_a_408()
    {
        using var tcp = new TcpClient();
        await tcp.ConnectAsync(_host.Address.Host, _host.Address.Port);
        var stream = tcp.GetStream();
        await stream.WriteAsync(Encoding.ASCII.GetBytes(
            $"POST /inflate/ksp HTTP/1.1\r\nHost: {_host.Address.Authority}\r\nContent-Length: 100000\r\n\r\n{{\"identifiers\""));
        // Kestrel's minimum body rate (240 B/s after a 5 s grace) ends the wait; the answer is still a clear 408.
        using var timeout = new CancellationTokenSource(TimeSpan.FromSeconds(60));
        var buffer = new byte[4096];
        var read = await stream.ReadAsync(buffer, timeout.Token);
        var answer = Encoding.ASCII.GetString(buffer, 0, read);

        Assert.StartsWith("HTTP/1.1 408", answer);
    }

    [Theory]
    [InlineData("/mods/ksp/..%2F..%2Fetc%2Fpasswd", HttpStatusCode.NotFound)]
    [InlineData("/mods/ksp/%00", HttpStatusCode.BadRequest)] // Kestrel refuses a NUL in the path itself
    [InlineData("/mods/ksp3/Astrogator", HttpStatusCode.NotFound)]
    [InlineData("/api/mods/ksp/..%2Fx", HttpStatusCode.NotFound)]
    [InlineData("/api/mods/ksp/Foo%0ABar", HttpStatusCode.NotFound)]
    [InlineData("/status/..%2F..%2Fetc%2Fpasswd", HttpStatusCode.NotFound)]
    public async Task Traversal_and_odd_identifiers_are_not_found(string path, HttpStatusCode expected)
    {
        var response = await _host.Client.GetAsync(path);

        Assert.Equal(expected, response.StatusCode);
        Assert.DoesNotContain("root:", await response.Content.ReadAsStringAsync());
    }

    [Fact]
    public async Task Caller_text_is_escaped_on_every_page()
    {
        const string Script = "<script>alert(1)</script>";
        await _host.Lifecycle.RecordAsync(new InflationFailed(GameId.Ksp, "Astrogator", DateTimeOffset.UtcNow, Script, [Script]), default);

        var table = await _host.Client.GetStringAsync("/?q=" + Uri.EscapeDataString(Script));
        var mod = await _host.Client.GetStringAsync("/mods/ksp/Astrogator");
        var notFound = await (await _host.Client.GetAsync("/mods/ksp/" + Uri.EscapeDataString("<b>x</b>"))).Content.ReadAsStringAsync();

        foreach (var page in new[] { table, mod, notFound })
        {
            Assert.DoesNotContain("<script>alert", page);
            Assert.DoesNotContain("<b>x</b>", page);
        }
        Assert.Contains("&lt;script&gt;alert(1)&lt;/script&gt;", mod);
    }
}
