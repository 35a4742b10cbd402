using MassTransit;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection.Extensions;
using Microsoft.Extensions.DependencyInjection;
using NetKAN.Bus.Contracts.Games;
using NetKAN.Bus.Contracts.Lifecycle;
using NetKAN.Bus.Contracts.Queues;
using NetKAN.Bus.Services.Git;
using NetKAN.Bus.Services.Mirrorer;
using NetKAN.Bus.Services.ModCatalog;
using NetKAN.Bus.Services.Transport;
using NetKAN.Bus.Services.Upstreams;

namespace NetKAN.Bus.Services.Roles;

/// <summary><c>mirrorer</c>: consumes the mirroring queue and uploads redistributable downloads to the Internet Archive.</summary>
public sealed class MirrorerRole : INetkanRole
{
    public string Name => "mirrorer";

    public string Description => "Mirrors redistributable downloads of new .ckan files to the Internet Archive (Mirroring.fifo).";

    public void AddServices(IServiceCollection services, IConfiguration configuration, HostSettings settings)
    {
        CatalogServices.Add(services, configuration);
        ServiceHttp.Add(services, configuration);
        services.Configure<MirrorerOptions>(configuration.GetSection(MirrorerOptions.Section));
        services.Configure<ArchiveOptions>(configuration.GetSection(ArchiveOptions.Section));
        services.TryAddSingleton<ArchiveClient>();
        services.TryAddSingleton<MirrorDownloads>();
        services.TryAddSingleton<ModMirrorer>();
    }

    public void AddConsumers(IBusRegistrationConfigurator bus) => bus.AddConsumer<MirrorModConsumer>();

    public IEnumerable<QueueBinding> Bindings(QueueNames queues) =>
    [
        QueueBinding.For<MirrorMod, MirrorModConsumer>(queues.Mirroring, GameId.Ksp,
            (problem, game, time) => new MirrorFailed(game, problem.Identifier!, time,
                $"Unreadable mirror request on {queues.Mirroring}: {problem.Message}")),
    ];
}
