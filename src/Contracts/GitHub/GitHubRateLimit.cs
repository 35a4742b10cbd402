using System.Globalization;
using System.Net.Http.Headers;

namespace NetKAN.Bus.Contracts.GitHub;

/// <summary>
/// What an answer says about GitHub's rate limit: <c>Retry-After</c>, and <c>X-RateLimit-Remaining</c> /
/// <c>X-RateLimit-Reset</c> (unix seconds). Read in one place for the inflator (which gives up and reports when
/// to retry) and the GraphQL client (which waits and tries again).
/// </summary>
public sealed record GitHubRateLimit(RetryConditionHeaderValue? RetryAfter, bool Exhausted, DateTimeOffset? Reset)
{
    public static GitHubRateLimit Read(HttpResponseMessage reply) => new(
        reply.Headers.RetryAfter,
        Header(reply, "X-RateLimit-Remaining") == "0",
        long.TryParse(Header(reply, "X-RateLimit-Reset"), NumberStyles.Integer, CultureInfo.InvariantCulture, out var unix)
            ? DateTimeOffset.FromUnixTimeSeconds(unix)
            : null);

    /// <summary>When <c>Retry-After</c> allows the next attempt (a date, or <paramref name="now"/> plus a delay);
    /// null without the header.</summary>
    public DateTimeOffset? RetryAt(DateTimeOffset now) =>
        RetryAfter is null ? null : RetryAfter.Date ?? now + (RetryAfter.Delta ?? TimeSpan.Zero);

    private static string? Header(HttpResponseMessage reply, string name) =>
        reply.Headers.TryGetValues(name, out var values) ? values.FirstOrDefault() : null;
}
