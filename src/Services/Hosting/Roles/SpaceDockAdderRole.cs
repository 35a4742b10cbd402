using MassTransit;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection.Extensions;
using Microsoft.Extensions.DependencyInjection;
using NetKAN.Bus.Contracts.Games;
using NetKAN.Bus.Contracts.Queues;
using NetKAN.Bus.Services.Git;
using NetKAN.Bus.Services.ModCatalog;
using NetKAN.Bus.Services.SpaceDockAdder;
using NetKAN.Bus.Services.Transport;
using NetKAN.Bus.Services.Upstreams;

namespace NetKAN.Bus.Services.Roles;

/// <summary><c>spacedock-adder</c>: turns SpaceDock "add to CKAN" requests into pull requests on NetKAN.</summary>
public sealed class SpaceDockAdderRole : INetkanRole
{
    public string Name => "spacedock-adder";

    public string Description => "Proposes netkans for mods SpaceDock asks to add, as pull requests on NetKAN (Adding.fifo).";

    public void AddServices(IServiceCollection services, IConfiguration configuration, HostSettings settings)
    {
        CatalogServices.Add(services, configuration);
        ServiceHttp.Add(services, configuration);
        services.Configure<SpaceDockAdderOptions>(configuration.GetSection(SpaceDockAdderOptions.Section));
        services.TryAddSingleton<NetkanDrafts>();
        services.TryAddSingleton<ModAdder>();
    }

    public void AddConsumers(IBusRegistrationConfigurator bus) => bus.AddConsumer<AddModConsumer>();

    // An unreadable add request names no mod, so there is no status row to record it on: it goes to the dead letters.
    public IEnumerable<QueueBinding> Bindings(QueueNames queues) =>
    [
        QueueBinding.For<AddMod, AddModConsumer>(queues.Adding, GameId.Ksp, (_, _, _) => null),
    ];
}
