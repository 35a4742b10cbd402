using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;
using NetKAN.Bus.Inflator.Downloads;
using NetKAN.Bus.Services.Jobs;

namespace NetKAN.Bus.Services.CacheCleaner;

/// <summary>One clean of the host's download cache with the configured age and size cap.</summary>
public sealed class DownloadCacheCleaner(DownloadCacheLayout cache, IOptions<CacheCleanerOptions> options, TimeProvider time,
    ILogger<DownloadCacheCleaner> logger)
{
    public CacheCleanResult Clean()
    {
        var settings = options.Value;
        var cap = string.IsNullOrWhiteSpace(settings.MaxSize) ? (long?)null : ByteSize.Parse(settings.MaxSize);
        var result = cache.Clean(time.GetUtcNow() - TimeSpan.FromDays(settings.Days), cap);
        foreach (var removed in result.Removed)
        {
            logger.LogInformation("Purging {Name} from ckan cache", Path.GetFileName(removed.Path));
        }
        logger.LogInformation("Download cache {Folder}: removed {Removed}, kept {Kept} ({Size})",
            cache.Folder, result.Removed.Count, result.Kept, ByteSize.Format(result.KeptBytes));
        return result;
    }
}

/// <summary>Cleans the download cache on <c>CacheCleaner:Cron</c>, as the original's daily CleanCache task.</summary>
public sealed class CacheCleanerService(DownloadCacheCleaner cleaner, IOptions<CacheCleanerOptions> options, TimeProvider time,
    ILogger<CacheCleanerService> logger)
    : CronJob("cache-cleaner", options.Value.Cron, "CacheCleaner:Cron", options.Value.RunOnSchedule, time, logger)
{
    protected override Task RunOnceAsync(CancellationToken cancellationToken)
    {
        cleaner.Clean();
        return Task.CompletedTask;
    }
}
