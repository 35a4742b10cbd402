using MassTransit;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.DependencyInjection.Extensions;
using NetKAN.Bus.Contracts.Lifecycle;
using NetKAN.Bus.Contracts.Queues;
using NetKAN.Bus.Metadata.Games;
using NetKAN.Bus.Services.Git;
using NetKAN.Bus.Services.Hosting;
using NetKAN.Bus.Services.Transport;

namespace NetKAN.Bus.Services.Indexer;

/// <summary><c>indexer</c>: consumes inflation results (Outbound) and commits them to each game's CKAN-meta.</summary>
public sealed class IndexerRole : INetkanRole
{
    public string Name => "indexer";

    public string Description => "Commits inflated .ckan files to CKAN-meta (staged ones as pull requests) and records the outcome.";

    public void AddServices(IServiceCollection services, IConfiguration configuration, HostSettings settings)
    {
        GitServices.Add(services, configuration);
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
