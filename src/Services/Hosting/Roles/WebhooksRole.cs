using Microsoft.AspNetCore.Routing;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.DependencyInjection.Extensions;
using NetKAN.Bus.Services.CacheCleaner;
using NetKAN.Bus.Services.Git;
using NetKAN.Bus.Services.ModCatalog;
using NetKAN.Bus.Webhooks.Routes;

namespace NetKAN.Bus.Services.Roles;

/// <summary>
/// <c>webhooks</c>: the HTTP endpoints GitHub and SpaceDock call (<c>/inflate</c>, <c>/sd/inflate</c>, <c>/sd/add</c>,
/// <c>/gh/inflate</c>, <c>/gh/release</c>, <c>/gh/mirror</c>, each per game). The ports they ask (IInflationRequests,
/// INetkanCatalog) come from the git layer over the repositories configured under <c>Repos</c>; without that section
/// the routes that need them answer 503 saying so (the dashboard-only <c>netkan dashboard serve</c>, for instance).
/// </summary>
public sealed class WebhooksRole : INetkanRole
{
    public string Name => "webhooks";

    public string Description => "Webhook endpoints for GitHub and SpaceDock (signed, allow-listed, size-limited).";

    public bool ServesHttp => true;

    public void AddServices(IServiceCollection services, IConfiguration configuration, HostSettings settings)
    {
        if (configuration.GetSection(RepositoriesOptions.Section).Exists())
        {
            CatalogServices.Add(services, configuration);
            // A newly frozen mod's cached downloads are purged (the host's DownloadCacheLayout, CKAN-meta from the catalog).
            services.TryAddSingleton<IDownloadPurge, CachedDownloadPurge>();
        }
        services.AddWebhooks(configuration);
    }

    public void MapRoutes(IEndpointRouteBuilder routes) => routes.MapWebhooks();
}
