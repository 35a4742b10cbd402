using System.Globalization;
using System.Net;
using NetKAN.Bus.Contracts.GitHub;

namespace NetKAN.Bus.Contracts.Tests.GitHub;

/// <summary>What an answer's headers say about GitHub's rate limit.</summary>
public sealed class GitHubRateLimitTests
{
    private static readonly DateTimeOffset Now = new(2026, 8, 1, 12, 0, 0, TimeSpan.Zero);

    [Fact]
    public void An_exhausted_limit_names_its_reset_time()
    {
        using var reply = new HttpResponseMessage(HttpStatusCode.Forbidden);
        reply.Headers.TryAddWithoutValidation("X-RateLimit-Remaining", "0");
        reply.Headers.TryAddWithoutValidation("X-RateLimit-Reset", Now.AddMinutes(5).ToUnixTimeSeconds().ToString(CultureInfo.InvariantCulture));

        var limit = GitHubRateLimit.Read(reply);

        Assert.True(limit.Exhausted);
        Assert.Equal(Now.AddMinutes(5), limit.Reset);
        Assert.Null(limit.RetryAt(Now));
    }

    [Fact]
    public void Requests_left_or_an_unreadable_reset_are_not_taken_for_a_limit()
    {
        using var reply = new HttpResponseMessage(HttpStatusCode.OK);
        reply.Headers.TryAddWithoutValidation("X-RateLimit-Remaining", "12");
        reply.Headers.TryAddWithoutValidation("X-RateLimit-Reset", "soon");

        var limit = GitHubRateLimit.Read(reply);

        Assert.False(limit.Exhausted);
        Assert.Null(limit.Reset);
        Assert.Null(limit.RetryAt(Now));
    }

    [Fact]
    public void Retry_after_as_seconds_counts_from_now_and_as_a_date_is_that_date()
    {
        using var delay = new HttpResponseMessage(HttpStatusCode.TooManyRequests);
        delay.Headers.TryAddWithoutValidation("Retry-After", "30");
        using var date = new HttpResponseMessage(HttpStatusCode.TooManyRequests);
        date.Headers.TryAddWithoutValidation("Retry-After", Now.AddMinutes(2).ToString("R", CultureInfo.InvariantCulture));

        Assert.Equal(Now.AddSeconds(30), GitHubRateLimit.Read(delay).RetryAt(Now));
        Assert.Equal(Now.AddMinutes(2), GitHubRateLimit.Read(date).RetryAt(Now));
    }
}
