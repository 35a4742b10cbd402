namespace NetKAN.Bus.Services.DownloadCounter;

/// <summary>Section <c>DownloadCounter</c>.</summary>
public sealed class DownloadCounterOptions
{
    public const string Section = "DownloadCounter";

    /// <summary><c>DownloadCounter:Cron</c>: when the daily count runs (UTC). Default 04:15 every day.</summary>
    public string Cron { get; set; } = "15 4 * * *";

    /// <summary><c>DownloadCounter:RunOnSchedule</c>: false for a process that counts only on demand (the CLI).</summary>
    public bool RunOnSchedule { get; set; } = true;

    /// <summary><c>DownloadCounter:GitHubReposPerQuery</c>: repositories per GraphQL query.</summary>
    public int GitHubReposPerQuery { get; set; } = 10;

    /// <summary><c>DownloadCounter:GitHubAttempts</c>: attempts per GraphQL query when GitHub rate-limits us.</summary>
    public int GitHubAttempts { get; set; } = 5;

    /// <summary><c>DownloadCounter:RateLimitWait</c>: the base wait after an HTTP 403 that says nothing about when to
    /// come back (doubled per attempt, like every other wait).</summary>
    public TimeSpan RateLimitWait { get; set; } = TimeSpan.FromMinutes(1);

    /// <summary><c>DownloadCounter:MaxRateLimitWait</c>: the longest single wait.</summary>
    public TimeSpan MaxRateLimitWait { get; set; } = TimeSpan.FromHours(1);

    /// <summary><c>DownloadCounter:ArchiveItemsPerRequest</c>: items per archive.org views request.</summary>
    public int ArchiveItemsPerRequest { get; set; } = 30;

    /// <summary><c>DownloadCounter:RequestTimeout</c>: timeout of each API request.</summary>
    public TimeSpan RequestTimeout { get; set; } = TimeSpan.FromSeconds(60);
}
