using MassTransit;
using NetKAN.Bus.Sagas.Status;

namespace NetKAN.Bus.Sagas.StateMachine;

/// <summary>
/// Endpoint policy for the saga: optimistic concurrency conflicts (two hosts updating one mod) are retried
/// from a fresh load; the in-memory outbox holds anything the saga would send until the row is saved.
/// </summary>
public sealed class ModStateDefinition : SagaDefinition<ModState>
{
    protected override void ConfigureSaga(IReceiveEndpointConfigurator endpointConfigurator,
        ISagaConfigurator<ModState> sagaConfigurator, IRegistrationContext context)
    {
        endpointConfigurator.UseMessageRetry(r => r.Intervals(10, 50, 100, 250, 500, 1000, 2000, 4000));
        endpointConfigurator.UseInMemoryOutbox(context);
    }
}
