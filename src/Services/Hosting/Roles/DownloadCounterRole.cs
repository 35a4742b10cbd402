using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection.Extensions;
using Microsoft.Extensions.DependencyInjection;
using NetKAN.Bus.Services.DownloadCounter;
using NetKAN.Bus.Services.Git;
using NetKAN.Bus.Services.ModCatalog;
using NetKAN.Bus.Services.Upstreams;

namespace NetKAN.Bus.Services.Roles;

/// <summary><c>download-counter</c>: writes CKAN-meta's download_counts.json every day.</summary>
public sealed class DownloadCounterRole : INetkanRole
{
    public string Name => "download-counter";

    public string Description => "Counts downloads (GitHub, SpaceDock, archive.org, SourceForge) into CKAN-meta/download_counts.json daily (DownloadCounter:Cron).";

    public void AddServices(IServiceCollection services, IConfiguration configuration, HostSettings settings)
    {
        CatalogServices.Add(services, configuration);
        ServiceHttp.Add(services, configuration);
        services.Configure<DownloadCounterOptions>(configuration.GetSection(DownloadCounterOptions.Section));
        services.AddSingleton<IDownloadCountSource, GitHubDownloadCounts>();
        services.AddSingleton<IDownloadCountSource, SpaceDockDownloadCounts>();
        services.AddSingleton<IDownloadCountSource, ArchiveDownloadCounts>();
        services.AddSingleton<IDownloadCountSource, SourceForgeDownloadCounts>();
        services.TryAddSingleton<ModDownloadCounter>();
        services.AddHostedService<DownloadCounterService>();
    }
}
