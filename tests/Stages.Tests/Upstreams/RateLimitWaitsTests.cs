using System.Net;
using NetKAN.Bus.Services.DownloadCounter;
using NetKAN.Bus.Services.Upstreams;

namespace NetKAN.Bus.Services.Tests.Upstreams;

/// <summary>How long the counter waits when GitHub rate-limits a GraphQL query.</summary>
public sealed class RateLimitWaitsTests
{
    private static readonly DateTimeOffset Now = new(2026, 8, 1, 12, 0, 0, TimeSpan.Zero);
    private static readonly TimeSpan Fallback = TimeSpan.FromMinutes(1);
    private static readonly TimeSpan Max = TimeSpan.FromHours(1);

    [Fact]
    public void Retry_after_is_doubled_per_attempt()
    {
        using var reply = new HttpResponseMessage(HttpStatusCode.Forbidden);
        reply.Headers.TryAddWithoutValidation("Retry-After", "30");

        Assert.Equal(TimeSpan.FromSeconds(30), RateLimitWaits.For(reply, 0, Now, Fallback, Max));
        Assert.Equal(TimeSpan.FromSeconds(120), RateLimitWaits.For(reply, 2, Now, Fallback, Max));
    }

    [Fact]
    public void An_exhausted_limit_waits_until_the_reset()
    {
        using var reply = new HttpResponseMessage(HttpStatusCode.OK);
        reply.Headers.TryAddWithoutValidation("X-RateLimit-Remaining", "0");
        reply.Headers.TryAddWithoutValidation("X-RateLimit-Reset", Now.AddMinutes(5).ToUnixTimeSeconds().ToString(System.Globalization.CultureInfo.InvariantCulture));

        Assert.Equal(TimeSpan.FromMinutes(5), RateLimitWaits.For(reply, 0, Now, Fallback, Max));
        Assert.Equal(TimeSpan.FromMinutes(10), RateLimitWaits.For(reply, 1, Now, Fallback, Max));
    }

    [Fact]
    public void A_bare_403_waits_a_minute_times_two_to_the_attempt_capped()
    {
        using var reply = new HttpResponseMessage(HttpStatusCode.Forbidden);

        Assert.Equal(TimeSpan.FromMinutes(1), RateLimitWaits.For(reply, 0, Now, Fallback, Max));
        Assert.Equal(TimeSpan.FromMinutes(16), RateLimitWaits.For(reply, 4, Now, Fallback, Max));
        Assert.Equal(Max, RateLimitWaits.For(reply, 10, Now, Fallback, Max));
    }

    [Fact]
    public void Other_failures_are_not_rate_limits()
    {
        using var reply = new HttpResponseMessage(HttpStatusCode.BadGateway);

        Assert.Null(RateLimitWaits.For(reply, 0, Now, Fallback, Max));
    }
}
