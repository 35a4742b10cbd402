using System.Globalization;
using System.Net;

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
        TimeSpan? wait = null;
        if (reply.Headers.RetryAfter is { } retryAfter)
        {
            wait = retryAfter.Delta ?? (retryAfter.Date is { } date ? date - now : TimeSpan.Zero);
        }
        else if (Header(reply, "X-RateLimit-Remaining") == "0")
        {
            wait = long.TryParse(Header(reply, "X-RateLimit-Reset"), NumberStyles.Integer, CultureInfo.InvariantCulture, out var reset)
                ? DateTimeOffset.FromUnixTimeSeconds(reset) - now
                : fallback;
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

    private static string? Header(HttpResponseMessage reply, string name) =>
        reply.Headers.TryGetValues(name, out var values) ? values.FirstOrDefault() : null;
}
