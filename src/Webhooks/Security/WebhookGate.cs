using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Http.Features;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;
using NetKAN.Bus.Webhooks.Api;

namespace NetKAN.Bus.Webhooks.Security;

/// <summary>Which checks a route needs: its source allow-list, and for GitHub a signature.</summary>
public enum WebhookGroup
{
    Inflate,
    SpaceDock,
    GitHub,
}

/// <summary>
/// The door every webhook goes through, in this order: the game must exist (404), the source must be allowed for the
/// route group (403), the body must fit the limit (413), and GitHub deliveries must carry a valid signature
/// (403 without a configured secret or on mismatch, 401 when missing).
/// </summary>
public sealed class WebhookGate
{
    private readonly WebhookOptions _options;
    private readonly ILogger<WebhookGate> _logger;
    private readonly Dictionary<WebhookGroup, SourceAllowList> _allowLists;

    public WebhookGate(IOptions<WebhookOptions> options, ILogger<WebhookGate> logger)
    {
        _options = options.Value;
        _logger = logger;
        _allowLists = new Dictionary<WebhookGroup, SourceAllowList>
        {
            [WebhookGroup.GitHub] = SourceAllowList.Parse("GitHub", _options.AllowedSources.GitHub),
            [WebhookGroup.SpaceDock] = SourceAllowList.Parse("SpaceDock", _options.AllowedSources.SpaceDock),
            [WebhookGroup.Inflate] = SourceAllowList.Parse("Inflate", _options.AllowedSources.Inflate),
        };
    }

    public async Task<WebhookRequest> AdmitAsync(HttpContext context, WebhookGroup group)
    {
        var game = RouteGame.Parse(context.Request.RouteValues["game"] as string);

        var allowList = _allowLists[group];
        var source = ClientAddress.Resolve(context, _options.TrustForwardedFor);
        if (!allowList.Allows(source))
        {
            _logger.LogWarning("Refused {Path} from {Source}: not in Webhooks:AllowedSources:{Group}", context.Request.Path, source, allowList.Group);
            throw ApiProblem.Forbidden($"Source address {source?.ToString() ?? "(unknown)"} is not allowed to call the {allowList.Group} webhooks");
        }

        var body = await ReadBodyAsync(context);

        if (group == WebhookGroup.GitHub)
        {
            CheckSignature(context, body);
        }
        return new WebhookRequest(context, game, body);
    }

    private async Task<byte[]> ReadBodyAsync(HttpContext context)
    {
        var limit = _options.MaxBodyBytes;
        if (context.Request.ContentLength > limit)
        {
            throw TooLarge(context.Request.ContentLength.Value, limit);
        }
        if (context.Features.Get<IHttpMaxRequestBodySizeFeature>() is { IsReadOnly: false } sizeFeature)
        {
            sizeFeature.MaxRequestBodySize = limit + 1; // let us see the first byte too many and answer it ourselves
        }

        using var buffer = new MemoryStream();
        var chunk = new byte[16 * 1024];
        try
        {
            int read;
            while ((read = await context.Request.Body.ReadAsync(chunk, context.RequestAborted)) > 0)
            {
                if (buffer.Length + read > limit)
                {
                    throw TooLarge(buffer.Length + read, limit);
                }
                buffer.Write(chunk, 0, read);
            }
        }
        catch (BadHttpRequestException e) when (e.StatusCode == StatusCodes.Status413PayloadTooLarge)
        {
            throw TooLarge(limit + 1, limit); // Kestrel stopped a chunked body at the same limit
        }
        return buffer.ToArray();
    }

    private static ApiProblem TooLarge(long size, long limit) =>
        ApiProblem.TooLarge($"The body ({size} bytes or more) is larger than the limit of {limit} bytes (Webhooks:MaxBodyBytes)");

    private void CheckSignature(HttpContext context, byte[] body)
    {
        var headers = context.Request.Headers;
        var sha256 = headers.TryGetValue(GitHubSignature.Sha256Header, out var s256) ? s256.ToString() : null;
        var sha1 = headers.TryGetValue(GitHubSignature.Sha1Header, out var s1) ? s1.ToString() : null;
        var check = GitHubSignature.Verify(body, _options.GitHubSecret, sha256, sha1, _options.AllowSha1Signatures);
        switch (check)
        {
            case SignatureCheck.Valid:
                return;
            case SignatureCheck.NoSecret:
                _logger.LogError("Refused {Path}: no GitHub webhook secret is configured (Webhooks:GitHubSecret)", context.Request.Path);
                throw ApiProblem.Forbidden("The GitHub webhook secret is not configured on this server (Webhooks:GitHubSecret); signed routes are refused");
            case SignatureCheck.Missing when sha1 is not null:
                throw ApiProblem.Unauthorized(
                    $"Only an {GitHubSignature.Sha1Header} (SHA-1) signature was sent; this server requires {GitHubSignature.Sha256Header} " +
                    "(SHA-1 is accepted only with Webhooks:AllowSha1Signatures=true)");
            case SignatureCheck.Missing:
                throw ApiProblem.Unauthorized($"The {GitHubSignature.Sha256Header} signature header is missing");
            default:
                _logger.LogWarning("Refused {Path}: signature mismatch", context.Request.Path);
                throw ApiProblem.Forbidden("Signature mismatch");
        }
    }
}
