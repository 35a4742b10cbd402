using System.Net;
using System.Text;
using Microsoft.AspNetCore.Http;
using NetKAN.Bus.Webhooks.Security;
using NetKAN.Bus.Webhooks.Tests.Support;

namespace NetKAN.Bus.Webhooks.Tests;

public sealed class GitHubSignatureTests
{
    private static readonly byte[] Body = Encoding.UTF8.GetBytes("""{"ref":"refs/heads/master"}""");

    [Fact]
    public void GitHubs_documented_example_signature_verifies()
    {
        // The example from GitHub's "Validating webhook deliveries" documentation.
        var body = Encoding.UTF8.GetBytes("Hello, World!");
        const string header = "sha256=757107ea0eb2509fc211221cce984b8a37570b6d7586c22c46f4379c8b043e17";

        Assert.Equal(header, GitHubSignature.Sign256(body, "It's a Secret to Everybody"));
        Assert.Equal(SignatureCheck.Valid, GitHubSignature.Verify(body, "It's a Secret to Everybody", header, null, false));
    }

    [Fact]
    public void A_signature_over_another_body_or_with_another_secret_is_a_mismatch()
    {
        var header = GitHubSignature.Sign256(Body, "secret");

        Assert.Equal(SignatureCheck.Mismatch, GitHubSignature.Verify("{}"u8, "secret", header, null, false));
        Assert.Equal(SignatureCheck.Mismatch, GitHubSignature.Verify(Body, "other", header, null, false));
        Assert.Equal(SignatureCheck.Mismatch, GitHubSignature.Verify(Body, "secret", "sha256=not-hex", null, false));
        Assert.Equal(SignatureCheck.Mismatch, GitHubSignature.Verify(Body, "secret", header.Replace("sha256=", "sha1="), null, false));
    }

    [Fact]
    public void Uppercase_hex_is_accepted()
    {
        var header = "sha256=" + GitHubSignature.Sign256(Body, "secret")["sha256=".Length..].ToUpperInvariant();

        Assert.Equal(SignatureCheck.Valid, GitHubSignature.Verify(Body, "secret", header, null, false));
    }

    [Fact]
    public void SHA1_counts_only_when_allowed_and_only_without_a_SHA256_header()
    {
        var sha1 = GitHubSignature.Sign1(Body, "secret");

        Assert.Equal(SignatureCheck.Missing, GitHubSignature.Verify(Body, "secret", null, sha1, allowSha1: false));
        Assert.Equal(SignatureCheck.Valid, GitHubSignature.Verify(Body, "secret", null, sha1, allowSha1: true));
        Assert.Equal(SignatureCheck.Mismatch, GitHubSignature.Verify(Body, "secret", "sha256=00", sha1, allowSha1: true));
    }

    [Fact]
    public void Without_a_secret_nothing_verifies()
    {
        Assert.Equal(SignatureCheck.NoSecret, GitHubSignature.Verify(Body, "", GitHubSignature.Sign256(Body, ""), null, false));
        Assert.Equal(SignatureCheck.NoSecret, GitHubSignature.Verify(Body, null, null, null, false));
    }
}

public sealed class SourceAllowListTests
{
    [Fact]
    public void Networks_and_single_addresses_are_matched_IPv4_clients_on_IPv6_sockets_included()
    {
        var list = SourceAllowList.Parse("GitHub", ["192.30.252.0/22", "2a0a:a440::/29", "203.0.113.7"]);

        Assert.True(list.Allows(IPAddress.Parse("192.30.253.10")));
        Assert.True(list.Allows(IPAddress.Parse("::ffff:192.30.255.254")));
        Assert.True(list.Allows(IPAddress.Parse("2a0a:a440::1")));
        Assert.True(list.Allows(IPAddress.Parse("203.0.113.7")));
        Assert.False(list.Allows(IPAddress.Parse("203.0.113.8")));
        Assert.False(list.Allows(IPAddress.Parse("192.30.256.1".Replace("256", "248"))));
        Assert.False(list.Allows(null));
    }

    [Fact]
    public void An_empty_list_allows_everyone()
    {
        var list = SourceAllowList.Parse("Inflate", []);

        Assert.True(list.AllowsEveryone);
        Assert.True(list.Allows(IPAddress.Parse("198.51.100.1")));
    }

    [Fact]
    public void A_bad_entry_stops_the_start_naming_the_setting()
    {
        var error = Assert.Throws<FormatException>(() => SourceAllowList.Parse("SpaceDock", ["10.0.0.0/8", "spacedock.info"]));

        Assert.Contains("Webhooks:AllowedSources:SpaceDock", error.Message);
        Assert.Contains("spacedock.info", error.Message);
    }

    [Fact]
    public void Forwarded_for_is_used_only_when_trusted_and_only_its_rightmost_entry()
    {
        var context = new DefaultHttpContext();
        context.Connection.RemoteIpAddress = IPAddress.Parse("127.0.0.1");
        context.Request.Headers[ClientAddress.ForwardedForHeader] = "10.9.9.9, 198.51.100.20";

        Assert.Equal(IPAddress.Parse("127.0.0.1"), ClientAddress.Resolve(context, trustForwardedFor: false));
        Assert.Equal(IPAddress.Parse("198.51.100.20"), ClientAddress.Resolve(context, trustForwardedFor: true));
    }
}

/// <summary>The security rules as a caller meets them over HTTP.</summary>
public sealed class SecurityRouteTests
{
    private static readonly string Push = WebhookHost.Fixture("push-netkan.json");

    [Fact]
    public async Task A_mis_signed_delivery_is_refused_and_sends_nothing()
    {
        await using var host = await WebhookHost.StartAsync();

        var response = await host.Client.SendAsync(WebhookHost.GitHub("/gh/inflate/ksp", Push, secret: "not the secret"));

        await ApiAssert.ErrorAsync(response, HttpStatusCode.Forbidden, "Signature mismatch");
        Assert.Empty(host.Queues.Sent);
    }

    [Fact]
    public async Task A_delivery_whose_body_was_changed_after_signing_is_refused()
    {
        await using var host = await WebhookHost.StartAsync();
        var request = WebhookHost.GitHub("/gh/mirror/ksp", WebhookHost.Fixture("push-ckanmeta.json"));
        request.Content = new StringContent(WebhookHost.Fixture("push-ckanmeta.json").Replace("Astrogator-v1.0.0", "Evil-v6.6.6"));

        var response = await host.Client.SendAsync(request);

        await ApiAssert.ErrorAsync(response, HttpStatusCode.Forbidden, "Signature mismatch");
        Assert.Empty(host.Queues.Sent);
    }

    [Fact]
    public async Task An_unsigned_delivery_is_unauthorized()
    {
        await using var host = await WebhookHost.StartAsync();

        var response = await host.Client.SendAsync(WebhookHost.GitHub("/gh/release/ksp?identifier=Astrogator", "{}", "release", secret: null));

        await ApiAssert.ErrorAsync(response, HttpStatusCode.Unauthorized, "X-Hub-Signature-256 signature header is missing");
    }

    [Fact]
    public async Task A_SHA1_only_delivery_is_refused_unless_SHA1_is_allowed()
    {
        await using var strict = await WebhookHost.StartAsync();
        var refused = await strict.Client.SendAsync(WebhookHost.GitHub("/gh/inflate/ksp", Push, sha256: false, sha1: true));
        await ApiAssert.ErrorAsync(refused, HttpStatusCode.Unauthorized, "Webhooks:AllowSha1Signatures=true");
        Assert.Empty(strict.Queues.Sent);

        await using var lenient = await WebhookHost.StartAsync(new Dictionary<string, string?> { ["Webhooks:AllowSha1Signatures"] = "true" });
        var accepted = await lenient.Client.SendAsync(WebhookHost.GitHub("/gh/inflate/ksp", Push, sha256: false, sha1: true));
        await ApiAssert.NoContentAsync(accepted);
        Assert.Equal(2, lenient.Queues.On("Inbound.fifo").Count);

        var misSigned = await lenient.Client.SendAsync(WebhookHost.GitHub("/gh/inflate/ksp", Push, secret: "wrong", sha256: false, sha1: true));
        await ApiAssert.ErrorAsync(misSigned, HttpStatusCode.Forbidden, "Signature mismatch");
    }

    [Fact]
    public async Task Without_a_configured_secret_GitHub_routes_refuse_even_correctly_signed_deliveries()
    {
        await using var host = await WebhookHost.StartAsync(new Dictionary<string, string?> { ["Webhooks:GitHubSecret"] = "" });

        var response = await host.Client.SendAsync(WebhookHost.GitHub("/gh/inflate/ksp", Push, secret: ""));

        await ApiAssert.ErrorAsync(response, HttpStatusCode.Forbidden, "secret is not configured");
        Assert.Empty(host.Queues.Sent);
    }

    [Fact]
    public async Task A_source_outside_the_groups_allow_list_is_refused_while_other_groups_stay_open()
    {
        await using var host = await WebhookHost.StartAsync(new Dictionary<string, string?>
        {
            ["Webhooks:AllowedSources:SpaceDock:0"] = "10.0.0.0/8",
        });

        var refused = await host.Client.PostAsync("/sd/inflate/ksp", new FormUrlEncodedContent([new("mod_id", "269"), new("event_type", "update")]));
        var open = await host.Client.PostAsync("/inflate/ksp", new StringContent("""{"identifiers": ["Astrogator"]}"""));

        await ApiAssert.ErrorAsync(refused, HttpStatusCode.Forbidden, "Source address 127.0.0.1 is not allowed to call the SpaceDock webhooks");
        await ApiAssert.NoContentAsync(open);
    }

    [Fact]
    public async Task Behind_the_proxy_the_address_nginx_appended_decides_and_a_spoofed_one_does_not()
    {
        await using var host = await WebhookHost.StartAsync(new Dictionary<string, string?>
        {
            ["Webhooks:AllowedSources:SpaceDock:0"] = "10.0.0.0/8",
            ["Webhooks:TrustForwardedFor"] = "true",
        });

        HttpRequestMessage Form(string forwardedFor)
        {
            var request = new HttpRequestMessage(HttpMethod.Post, "/sd/inflate/ksp")
            {
                Content = new FormUrlEncodedContent([new("mod_id", "269"), new("event_type", "update")]),
            };
            request.Headers.Add("X-Forwarded-For", forwardedFor);
            return request;
        }

        await ApiAssert.NoContentAsync(await host.Client.SendAsync(Form("203.0.113.50, 10.20.30.40")));
        await ApiAssert.ErrorAsync(await host.Client.SendAsync(Form("10.20.30.40, 203.0.113.50")), HttpStatusCode.Forbidden, "203.0.113.50");
    }

    [Fact]
    public async Task A_body_over_the_limit_is_refused_with_413_with_or_without_a_content_length()
    {
        await using var host = await WebhookHost.StartAsync(new Dictionary<string, string?> { ["Webhooks:MaxBodyBytes"] = "1024" });
        var big = "{\"identifiers\": [\"Astrogator\"], \"padding\": \"" + new string('x', 2000) + "\"}";

        var declared = await host.Client.PostAsync("/inflate/ksp", new StringContent(big));
        var chunked = new StreamContent(new MemoryStream(Encoding.UTF8.GetBytes(big)));
        var request = new HttpRequestMessage(HttpMethod.Post, "/inflate/ksp") { Content = chunked };
        request.Headers.TransferEncodingChunked = true;
        var streamed = await host.Client.SendAsync(request);

        await ApiAssert.ErrorAsync(declared, HttpStatusCode.RequestEntityTooLarge, "limit of 1024 bytes (Webhooks:MaxBodyBytes)");
        await ApiAssert.ErrorAsync(streamed, HttpStatusCode.RequestEntityTooLarge, "limit of 1024 bytes");
        Assert.Empty(host.Queues.Sent);
    }
}
