using MassTransit;
using Microsoft.AspNetCore.Routing;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using NetKAN.Bus.Contracts.Queues;
using NetKAN.Bus.Services.Transport;

namespace NetKAN.Bus.Services.Roles;

/// <summary>
/// One job a <c>netkan</c> process can do (scheduler, inflator, indexer, …). A container runs one role in
/// production; the demo runs them all in one process. Each role says what it needs, which MassTransit
/// consumers it hosts, which queues it consumes, and which HTTP routes it serves.
/// </summary>
public interface INetkanRole
{
    string Name { get; }

    string Description { get; }

    void AddServices(IServiceCollection services, IConfiguration configuration, HostSettings settings);

    void AddConsumers(IBusRegistrationConfigurator bus)
    {
    }

    IEnumerable<QueueBinding> Bindings(QueueNames queues) => [];

    /// <summary>True when the role serves HTTP routes (the host then runs Kestrel).</summary>
    bool ServesHttp => false;

    void MapRoutes(IEndpointRouteBuilder routes)
    {
    }
}
