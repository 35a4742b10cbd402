using MassTransit;
using MassTransit.Configuration;
using MassTransit.Saga;
using NetKAN.Bus.Sagas.Status;

namespace NetKAN.Bus.Sagas.Persistence;

public static class ModStateRepositoryRegistration
{
    /// <summary>
    /// Persist the ModLifecycle saga in whatever <see cref="IModStateStore"/> is registered in the container
    /// (in-memory, SQLite or DynamoDB).
    /// </summary>
    public static ISagaRegistrationConfigurator<ModState> UseModStateStore(this ISagaRegistrationConfigurator<ModState> configurator)
    {
        configurator.Repository(r =>
        {
            r.RegisterSagaRepository<ModState, IModStateStore, SagaConsumeContextFactory<IModStateStore, ModState>,
                StoreSagaRepositoryContextFactory>();
            r.RegisterLoadSagaRepository<ModState, StoreSagaRepositoryContextFactory>();
        });
        return configurator;
    }
}
