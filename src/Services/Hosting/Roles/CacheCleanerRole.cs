using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using NetKAN.Bus.Services.CacheCleaner;

namespace NetKAN.Bus.Services.Roles;

/// <summary><c>cache-cleaner</c>: deletes old packages from the shared download cache every day.</summary>
public sealed class CacheCleanerRole : INetkanRole
{
    public string Name => "cache-cleaner";

    public string Description => "Deletes download-cache packages older than CacheCleaner:Days (30), optionally down to CacheCleaner:MaxSize, daily (CacheCleaner:Cron).";

    public void AddServices(IServiceCollection services, IConfiguration configuration, HostSettings settings)
    {
        services.Configure<CacheCleanerOptions>(configuration.GetSection(CacheCleanerOptions.Section));
        services.AddSingleton<DownloadCacheCleaner>();
        services.AddHostedService<CacheCleanerService>();
    }
}
