using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection.Extensions;
using Microsoft.Extensions.DependencyInjection;
using NetKAN.Bus.Services.AutoFreezer;
using NetKAN.Bus.Services.Git;
using NetKAN.Bus.Services.ModCatalog;
using NetKAN.Bus.Services.Upstreams;

namespace NetKAN.Bus.Services.Roles;

/// <summary><c>auto-freezer</c>: proposes freezing idle mods weekly, marks vanished mods frozen, suggests unfreezing.</summary>
public sealed class AutoFreezerRole : INetkanRole
{
    public string Name => "auto-freezer";

    public string Description => "Proposes freezing idle mods (pull request on NetKAN), marks frozen mods, suggests unfreezing (AutoFreezer:Cron, weekly).";

    public void AddServices(IServiceCollection services, IConfiguration configuration, HostSettings settings)
    {
        CatalogServices.Add(services, configuration);
        ServiceHttp.Add(services, configuration);
        services.Configure<AutoFreezerOptions>(configuration.GetSection(AutoFreezerOptions.Section));
        services.TryAddSingleton<UpstreamReleases>();
        services.TryAddSingleton<ModFreezer>();
        services.AddHostedService<AutoFreezerService>();
    }
}
