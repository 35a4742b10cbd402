using System.Collections.Concurrent;
using System.Net.Http.Headers;
using System.Net;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;
using NetKAN.Bus.Contracts.GitHub;

namespace NetKAN.Bus.Inflator.Http;

/// <summary>The answer to a text request: status and body, whatever the status.</summary>
internal sealed record TextResponse(Uri Url, HttpStatusCode Status, string Body)
{
    public bool IsSuccess => (int)Status is >= 200 and < 300;
}

/// <summary>
/// Every request the inflator makes to an upstream: the User-Agent, the GitHub token (GitHub REST API only, by
/// <see cref="GitHubClientFactory.AuthorizeRest"/>), a short
/// in-memory cache of API text, retries with exponential backoff on network errors, and rate-limit detection.
/// </summary>
internal sealed class UpstreamHttp
{
    /// <summary>Largest text answer read from an upstream (32 MiB; GitHub's biggest release lists are a few MB).</summary>
    public const int MaxTextBytes = 32 << 20;

    public const string ClientName = "NetKAN.Bus.Inflator";
    public const string NoRedirectClientName = "NetKAN.Bus.Inflator.NoRedirect";

    private readonly IHttpClientFactory _factory;
    private readonly InflatorOptions _options;
    private readonly GitHubClientFactory _github;
    private readonly TimeProvider _time;
    private readonly ILogger<UpstreamHttp> _log;
    private readonly ConcurrentDictionary<string, (DateTimeOffset At, TextResponse Response)> _textCache = new();

    public UpstreamHttp(IHttpClientFactory factory, IOptions<InflatorOptions> options, GitHubClientFactory github,
        TimeProvider time, ILogger<UpstreamHttp> log)
    {
        _factory = factory;
        _options = options.Value;
        _github = github;
        _time = time;
        _log = log;
    }

    /// <summary>GETs text; returns the response whatever its status, except rate limits, which throw.</summary>
    public async Task<TextResponse> GetTextResponseAsync(Uri url, string? accept, CancellationToken ct)
    {
        var key = $"{accept}|{url.AbsoluteUri}";
        if (_textCache.TryGetValue(key, out var hit) && _time.GetUtcNow() - hit.At < _options.TextCacheLifetime)
        {
            return hit.Response;
        }
        var response = await SendWithRetriesAsync(HttpMethod.Get, url, accept, ClientName, HttpCompletionOption.ResponseContentRead,
            async (reply, timeout) => new TextResponse(url, reply.StatusCode,
                await reply.Content.ReadAsStringAsync(timeout).ConfigureAwait(false)), ct).ConfigureAwait(false);
        if (response.IsSuccess && _options.TextCacheLifetime > TimeSpan.Zero)
        {
            var now = _time.GetUtcNow();
            _textCache[key] = (now, response);
            if (_textCache.Count > 512)
            {
                // A long-running consumer must not keep every answer it ever fetched.
                foreach (var (k, v) in _textCache)
                {
                    if (now - v.At >= _options.TextCacheLifetime)
                    {
                        _textCache.TryRemove(k, out _);
                    }
                }
            }
        }
        return response;
    }

    /// <summary>GETs text and throws <see cref="UpstreamException"/> unless the status is 2xx.</summary>
    public async Task<string> GetTextAsync(Uri url, string? accept, CancellationToken ct)
    {
        var response = await GetTextResponseAsync(url, accept, ct).ConfigureAwait(false);
        if (!response.IsSuccess)
        {
            throw new UpstreamException(url.AbsoluteUri, (int)response.Status,
                $"GET {url.AbsoluteUri} failed: {(int)response.Status} {response.Status}");
        }
        return response.Body;
    }

    /// <summary>HEAD without following redirects; returns the status code.</summary>
    public async Task<HttpStatusCode> HeadAsync(Uri url, CancellationToken ct) =>
        (await HeadWithLocationAsync(url, ct).ConfigureAwait(false)).Status;

    /// <summary>HEAD without following redirects; returns the status and any Location header.</summary>
    public Task<(HttpStatusCode Status, Uri? Location)> HeadWithLocationAsync(Uri url, CancellationToken ct) =>
        SendWithRetriesAsync(HttpMethod.Head, url, null, NoRedirectClientName, HttpCompletionOption.ResponseHeadersRead,
            (reply, _) => Task.FromResult((reply.StatusCode, reply.Headers.Location)), ct);

    /// <summary>Starts a package download (no token, no Accept header, redirects followed).</summary>
    public async Task<HttpResponseMessage> GetPackageAsync(Uri url, CancellationToken ct)
    {
        var request = new HttpRequestMessage(HttpMethod.Get, url);
        request.Headers.UserAgent.ParseAdd(_options.UserAgent);
        var client = _factory.CreateClient(ClientName);
        try
        {
            var reply = await client.SendAsync(request, HttpCompletionOption.ResponseHeadersRead, ct).ConfigureAwait(false);
            if (!reply.IsSuccessStatusCode)
            {
                var status = reply.StatusCode;
                reply.Dispose();
                throw new UpstreamException(url.AbsoluteUri, (int)status,
                    $"Download of {url.AbsoluteUri} failed: {(int)status} {status}");
            }
            return reply;
        }
        catch (HttpRequestException e)
        {
            throw new UpstreamException(url.AbsoluteUri, null, $"Download of {url.AbsoluteUri} failed: {e.Message}", e);
        }
        finally
        {
            request.Dispose();
        }
    }

    public TimeSpan DownloadTimeout => _options.DownloadTimeout;

    private void Decorate(HttpRequestMessage request, string? accept)
    {
        request.Headers.UserAgent.ParseAdd(_options.UserAgent);
        if (accept is not null)
        {
            request.Headers.Accept.Add(new MediaTypeWithQualityHeaderValue(accept));
        }
        _github.AuthorizeRest(request);
    }

    private void ThrowIfRateLimited(Uri url, HttpResponseMessage reply)
    {
        var code = (int)reply.StatusCode;
        if (code is not (403 or 429 or 503))
        {
            return;
        }
        var limit = GitHubRateLimit.Read(reply);
        if (limit.Exhausted)
        {
            throw new RateLimitedException(url.AbsoluteUri, limit.Reset);
        }
        if (code == 429)
        {
            throw new RateLimitedException(url.AbsoluteUri, limit.RetryAt(_time.GetUtcNow()));
        }
    }

    /// <summary>
    /// Sends a decorated request on the named client, each attempt cut off after <c>TextTimeout</c> and retried on
    /// network errors; a rate limit throws. <paramref name="read"/> takes what it needs before the reply is disposed.
    /// </summary>
    private Task<T> SendWithRetriesAsync<T>(HttpMethod method, Uri url, string? accept, string clientName,
        HttpCompletionOption completion, Func<HttpResponseMessage, CancellationToken, Task<T>> read, CancellationToken ct) =>
        WithRetries(url, async attemptCt =>
        {
            using var request = new HttpRequestMessage(method, url);
            Decorate(request, accept);
            using var client = _factory.CreateClient(clientName);
            using var timeout = CancellationTokenSource.CreateLinkedTokenSource(attemptCt);
            timeout.CancelAfter(_options.TextTimeout);
            using var reply = await client.SendAsync(request, completion, timeout.Token).ConfigureAwait(false);
            ThrowIfRateLimited(url, reply);
            return await read(reply, timeout.Token).ConfigureAwait(false);
        }, ct);

    private async Task<T> WithRetries<T>(Uri url, Func<CancellationToken, Task<T>> attempt, CancellationToken ct)
    {
        var delay = _options.RetryDelay;
        for (var i = 0; ; i++)
        {
            try
            {
                return await attempt(ct).ConfigureAwait(false);
            }
            catch (Exception e) when (e is HttpRequestException or TaskCanceledException && !ct.IsCancellationRequested)
            {
                if (i >= _options.TextRetries)
                {
                    throw new UpstreamException(url.AbsoluteUri, null,
                        $"GET {url.AbsoluteUri} failed after {i + 1} attempts: {(e is TaskCanceledException ? "timed out" : e.Message)}", e);
                }
                _log.LogDebug("Retrying {Url} in {Delay} after {Error}", url, delay, e.Message);
                await Task.Delay(delay, _time, ct).ConfigureAwait(false);
                delay *= 2;
            }
        }
    }
}
