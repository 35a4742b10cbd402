using MassTransit;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using NetKAN.Bus.Contracts.Games;
using NetKAN.Bus.Contracts.Lifecycle;
using NetKAN.Bus.Contracts.Queues;
using NetKAN.Bus.Inflator;
using NetKAN.Bus.Services.Inflation;
using NetKAN.Bus.Services.ModCatalog;
using NetKAN.Bus.Services.Transport;

namespace NetKAN.Bus.Services.Roles;

/// <summary>The <c>inflator</c> role: consumes every game's inflation queue and sends results to the outbound queue.</summary>
public sealed class InflatorRole : INetkanRole
{
    public string Name => "inflator";

    public string Description => "Inflates .netkan stubs into .ckan metadata (Inbound*.fifo → Outbound.fifo).";

    public void AddServices(IServiceCollection services, IConfiguration configuration, HostSettings settings)
    {
        // The download cache folder comes from the host's DownloadCacheLayout (Inflator:CacheDir, else <data>/cache).
        services.AddInflator(configuration);
    }

    public void AddConsumers(IBusRegistrationConfigurator bus) => bus.AddConsumer<InflateModConsumer>();

    public IEnumerable<QueueBinding> Bindings(QueueNames queues) =>
        GameId.All
            .Where(game => queues.Inflation.ContainsKey(game.Value))
            .Select(game => QueueBinding.For<InflateMod, InflateModConsumer>(queues.InflationFor(game), game,
                (problem, g, time) => new InflationFailed(g, problem.Identifier!, time, $"Bad inflation request: {problem.Message}")));
}
