using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection.Extensions;
using Microsoft.Extensions.DependencyInjection;
using NetKAN.Bus.Services.GitHub;
using NetKAN.Bus.Services.ModCatalog;
using NetKAN.Bus.Services.TicketCloser;

namespace NetKAN.Bus.Services.Roles;

/// <summary><c>ticket-closer</c>: closes stale support issues every day.</summary>
public sealed class TicketCloserRole : INetkanRole
{
    public string Name => "ticket-closer";

    public string Description => "Closes stale 'support' issues of <TicketCloser:Owner>/CKAN and /NetKAN daily (TicketCloser:Cron).";

    public void AddServices(IServiceCollection services, IConfiguration configuration, HostSettings settings)
    {
        GitHubServices.AddOctokit(services, configuration);
        services.Configure<TicketCloserOptions>(configuration.GetSection(TicketCloserOptions.Section));
        services.TryAddSingleton<StaleTicketCloser>();
        services.AddHostedService<TicketCloserService>();
    }
}
