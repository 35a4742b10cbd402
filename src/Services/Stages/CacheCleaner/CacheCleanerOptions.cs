namespace NetKAN.Bus.Services.CacheCleaner;

/// <summary>Section <c>CacheCleaner</c>.</summary>
public sealed class CacheCleanerOptions
{
    public const string Section = "CacheCleaner";

    /// <summary><c>CacheCleaner:Days</c>: packages not written for this many days are deleted (the original ran
    /// <c>clean-cache --days 30</c> daily).</summary>
    public int Days { get; set; } = 30;

    /// <summary><c>CacheCleaner:MaxSize</c>: optional cap on what stays (bytes, or with K/M/G/T, e.g. <c>50G</c>); the
    /// oldest packages go first. Empty: no cap.</summary>
    public string? MaxSize { get; set; }

    /// <summary><c>CacheCleaner:Cron</c>: when the daily clean runs (UTC). Default 04:15 every day.</summary>
    public string Cron { get; set; } = "15 4 * * *";

    /// <summary><c>CacheCleaner:RunOnSchedule</c>: false for a process that cleans only on demand.</summary>
    public bool RunOnSchedule { get; set; } = true;
}
