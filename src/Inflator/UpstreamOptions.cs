using NetKAN.Bus.Contracts.Configuration;

namespace NetKAN.Bus.Inflator;

/// <summary>Inflator settings, bound from the <c>Inflator</c> section.</summary>
public sealed class InflatorOptions
{
    public const string Section = "Inflator";

    /// <summary>Download cache folder (<c>Inflator:CacheDir</c>); default <c>~/.cache/netkan/downloads</c>.</summary>
    public string? CacheDir { get; set; }

    /// <summary>User-Agent sent on every request.</summary>
    public string UserAgent { get; set; } = UpstreamOptions.BotUserAgent;

    /// <summary>Timeout of API/text requests (the original: 10 s).</summary>
    public TimeSpan TextTimeout { get; set; } = TimeSpan.FromSeconds(10);

    /// <summary>Timeout of package downloads (the original: 100 s).</summary>
    public TimeSpan DownloadTimeout { get; set; } = TimeSpan.FromSeconds(100);

    /// <summary>Retries of text requests on network errors (the original: 5, exponential backoff).</summary>
    public int TextRetries { get; set; } = 5;

    /// <summary>First backoff delay; doubles per retry.</summary>
    public TimeSpan RetryDelay { get; set; } = TimeSpan.FromMilliseconds(500);

    /// <summary>How long fetched API text is reused (the original: 15 minutes).</summary>
    public TimeSpan TextCacheLifetime { get; set; } = TimeSpan.FromMinutes(15);

    /// <summary>Fetch the remote .version file named by a local one's URL (the remote-AVC rule).</summary>
    public bool RemoteAvc { get; set; } = true;

    internal string ResolveCacheDir() =>
        string.IsNullOrWhiteSpace(CacheDir)
            ? Path.Combine(Environment.GetFolderPath(Environment.SpecialFolder.UserProfile), ".cache", "netkan", "downloads")
            : Environment.ExpandEnvironmentVariables(CacheDir.StartsWith("~/", StringComparison.Ordinal)
                ? Path.Combine(Environment.GetFolderPath(Environment.SpecialFolder.UserProfile), CacheDir[2..])
                : CacheDir);
}
