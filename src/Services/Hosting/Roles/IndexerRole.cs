using MassTransit;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection.Extensions;
using Microsoft.Extensions.DependencyInjection;
using NetKAN.Bus.Contracts.Games;
using NetKAN.Bus.Contracts.Lifecycle;
using NetKAN.Bus.Contracts.Queues;
using NetKAN.Bus.Services.Git;
using NetKAN.Bus.Services.Indexer;
using NetKAN.Bus.Services.ModCatalog;
using NetKAN.Bus.Services.Transport;

namespace NetKAN.Bus.Services.Roles;

/// <summary><c>indexer</c>: consumes inflation results (Outbound) and commits them to each game's CKAN-meta.</summary>
public sealed class IndexerRole : INetkanRole
{
    public string Name => "indexer";

    public string Description => "Commits inflated .ckan files to CKAN-meta (staged ones as pull requests) and records the outcome.";

    public void AddServices(IServiceCollection services, IConfiguration configuration, HostSettings settings)
    {
        CatalogServices.Add(services, configuration);
        services.Configure<IndexerOptions>(configuration.GetSection(IndexerOptions.Section));
        services.TryAddSingleton<CkanIndexer>();
    }

    public void AddConsumers(IBusRegistrationConfigurator bus) => bus.AddConsumer<ModInflatedConsumer>();

    public IEnumerable<QueueBinding> Bindings(QueueNames queues) =>
    [
        QueueBinding.For<ModInflated, ModInflatedConsumer>(queues.Outbound, GameId.Ksp,
            (problem, game, time) => new IndexingFailed(game, problem.Identifier!, time,
                $"Unreadable inflation result on {queues.Outbound}: {problem.Message}")),
    ];
}
