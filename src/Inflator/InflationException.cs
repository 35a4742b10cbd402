namespace NetKAN.Bus.Inflator;

/// <summary>
/// An inflation failed for a reason worth showing as-is (the original's <c>Kraken</c>): the message names the mod
/// and, where there is one, the field. Becomes <see cref="InflationResult.ErrorMessage"/> at the service boundary.
/// </summary>
public class InflationException : Exception
{
    public InflationException(string message, Exception? inner = null) : base(message, inner)
    {
    }
}

/// <summary>An upstream refused the request because of its rate limit; retry after <see cref="RetryAt"/>.</summary>
public sealed class RateLimitedException(string url, DateTimeOffset? retryAt)
    : InflationException($"Rate limited by {new Uri(url).Host} while requesting {url}"
                         + (retryAt is { } at ? $"; the limit resets at {at.UtcDateTime:yyyy-MM-ddTHH:mm:ssZ}" : ""))
{
    public string Url { get; } = url;
    public DateTimeOffset? RetryAt { get; } = retryAt;
}

/// <summary>An HTTP request to an upstream failed (status code or network error).</summary>
public sealed class UpstreamException(string url, int? statusCode, string message, Exception? inner = null)
    : InflationException(message, inner)
{
    public string Url { get; } = url;
    public int? StatusCode { get; } = statusCode;
}
