using System.Net;
using NetKAN.Bus.Contracts.GitHub;

namespace NetKAN.Bus.Services.Upstreams;

/// <summary>Retry timing for GitHub's rate limits.</summary>
public static class RateLimitWaits
{
    /// <summary>
    /// How long to wait before attempt <paramref name="attempt"/>+1 (0-based): <c>Retry-After</c>, else until
    /// <c>X-RateLimit-Reset</c> when <c>X-RateLimit-Remaining</c> is 0, else <paramref name="fallback"/> on HTTP 403;
    /// multiplied by 2^attempt and capped. Null when the answer is not a rate limit.
    /// </summary>
    public static TimeSpan? For(HttpResponseMessage reply, int attempt, DateTimeOffset now, TimeSpan fallback, TimeSpan max)
    {
        var limit = GitHubRateLimit.Read(reply);
        TimeSpan? wait = null;
        if (limit.RetryAt(now) is { } retryAt)
        {
            wait = retryAt - now;
        }
        else if (limit.Exhausted)
        {
            wait = limit.Reset is { } reset ? reset - now : fallback;
        }
        else if (reply.StatusCode is HttpStatusCode.Forbidden or HttpStatusCode.TooManyRequests)
        {
            wait = fallback;
        }
        if (wait is not { } value)
        {
            return null;
        }
        var scaled = TimeSpan.FromTicks(Math.Max(0, value.Ticks) * (1L << Math.Min(attempt, 20)));
        return scaled > max ? max : scaled;
    }
}
