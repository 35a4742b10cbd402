using MassTransit;
using Microsoft.Extensions.DependencyInjection;
using NetKAN.Bus.Sagas.Persistence;
using NetKAN.Bus.Sagas.StateMachine;
using NetKAN.Bus.Sagas.Status;

namespace NetKAN.Bus.Sagas.Recording;

public static class ModLifecycleRegistration
{
    /// <summary>
    /// The ModLifecycle saga behind MassTransit's mediator, on the registered <see cref="IModStateStore"/>, with its
    /// definition's retry on concurrency conflicts and in-memory outbox: events are handed over by reference (no JSON
    /// round trip, no receive pipeline), and the caller's <c>Send</c> returns once the row is saved or throws what the
    /// saga threw. <see cref="DispatchingModLifecycle"/> is the one caller. Hosts and the saga tests register it here.
    /// </summary>
    public static IServiceCollection AddModLifecycleSaga(this IServiceCollection services) =>
        services.AddMediator(mediator =>
            mediator.AddSagaStateMachine<ModLifecycleStateMachine, ModState>(typeof(ModStateDefinition)).UseModStateStore());
}
