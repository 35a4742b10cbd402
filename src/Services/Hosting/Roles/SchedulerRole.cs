using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection.Extensions;
using Microsoft.Extensions.DependencyInjection;
using NetKAN.Bus.Services.Git;
using NetKAN.Bus.Services.ModCatalog;
using NetKAN.Bus.Services.Scheduler;

namespace NetKAN.Bus.Services.Roles;

/// <summary><c>scheduler</c>: sends every active netkan to its game's inflation queue on a schedule.</summary>
public sealed class SchedulerRole : INetkanRole
{
    public string Name => "scheduler";

    public string Description => "Requests inflation of every active netkan on a cron schedule (Scheduler:Cron, Scheduler:WebhooksCron).";

    public void AddServices(IServiceCollection services, IConfiguration configuration, HostSettings settings)
    {
        CatalogServices.Add(services, configuration);
        services.Configure<SchedulerOptions>(configuration.GetSection(SchedulerOptions.Section));
        services.TryAddSingleton<SchedulingPass>();
        services.AddHostedService<SchedulerService>();
        // Deadlines are swept where inflations can be re-requested (the scheduler has the NetKAN catalog).
        services.TryAddSingleton<Lifecycle.LifecycleSweep>();
        services.TryAddSingleton<Lifecycle.CkanMetaReconciliation>();
        services.AddHostedService<Lifecycle.LifecycleSweepService>();
    }
}
