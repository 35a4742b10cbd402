using Microsoft.AspNetCore.Routing;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using NetKAN.Bus.Services.ModCatalog;
using NetKAN.Bus.Webhooks.Dashboard;

namespace NetKAN.Bus.Services.Roles;

/// <summary>
/// <c>dashboard</c>: the status page (<c>/</c>, <c>/mods/{game}/{identifier}</c>), the original status files
/// (<c>/status/netkan.json</c>, <c>/status/netkan-ksp2.json</c>) and the JSON API (<c>/api/mods</c>).
/// </summary>
public sealed class DashboardRole : INetkanRole
{
    public string Name => "dashboard";

    public string Description => "Status dashboard, status JSON files and the mod status API.";

    public bool ServesHttp => true;

    public void AddServices(IServiceCollection services, IConfiguration configuration, HostSettings settings) =>
        services.AddDashboard(configuration);

    public void MapRoutes(IEndpointRouteBuilder routes) => routes.MapDashboard();
}
