using MassTransit;
using MassTransit.Context;
using MassTransit.Middleware;
using MassTransit.Saga;
using NetKAN.Bus.Sagas.Status;

namespace NetKAN.Bus.Sagas.Persistence;

/// <summary>
/// Connects MassTransit's saga pipeline to an <see cref="IModStateStore"/>: one repository context per message;
/// new rows are inserted (fails if someone inserted first), known rows updated against the version they were
/// loaded with. Either conflict surfaces as a <see cref="ConcurrencyException"/> for the retry policy.
/// Queries (CorrelateBy expressions) are not supported by design: every event correlates by id.
/// </summary>
public sealed class StoreSagaRepositoryContextFactory(
    IModStateStore store,
    ISagaConsumeContextFactory<IModStateStore, ModState> factory)
    : ISagaRepositoryContextFactory<ModState>, ILoadSagaRepositoryContextFactory<ModState>
{
    public void Probe(ProbeContext context) => context.Add("persistence", store.GetType().Name);

    public Task Send<T>(ConsumeContext<T> context, IPipe<SagaRepositoryContext<ModState, T>> next)
        where T : class =>
        next.Send(new StoreSagaRepositoryContext<T>(store, context, factory));

    public Task SendQuery<T>(ConsumeContext<T> context, ISagaQuery<ModState> query,
        IPipe<SagaRepositoryQueryContext<ModState, T>> next)
        where T : class =>
        throw new NotImplementedByDesignException("Mod state stores correlate by id only; queries are not supported.");

    public Task<T> Execute<T>(Func<LoadSagaRepositoryContext<ModState>, Task<T>> asyncMethod,
        CancellationToken cancellationToken = default)
        where T : class =>
        asyncMethod(new StoreLoadSagaRepositoryContext(store, cancellationToken));
}

public sealed class StoreSagaRepositoryContext<TMessage> : ConsumeContextScope<TMessage>, SagaRepositoryContext<ModState, TMessage>
    where TMessage : class
{
    private readonly IModStateStore store;
    private readonly ConsumeContext<TMessage> consumeContext;
    private readonly ISagaConsumeContextFactory<IModStateStore, ModState> factory;

    public StoreSagaRepositoryContext(IModStateStore store, ConsumeContext<TMessage> consumeContext,
        ISagaConsumeContextFactory<IModStateStore, ModState> factory)
        : base(consumeContext)
    {
        this.store = store;
        this.consumeContext = consumeContext;
        this.factory = factory;
    }

    public Task<SagaConsumeContext<ModState, TMessage>> Add(ModState instance) =>
        factory.CreateSagaConsumeContext(store, consumeContext, instance, SagaConsumeContextMode.Add);

    public async Task<SagaConsumeContext<ModState, TMessage>> Insert(ModState instance)
    {
        try
        {
            instance.Version = 1;
            await store.InsertAsync(instance, consumeContext.CancellationToken).ConfigureAwait(false);
            return await factory.CreateSagaConsumeContext(store, consumeContext, instance, SagaConsumeContextMode.Insert)
                .ConfigureAwait(false);
        }
        catch (ConcurrencyException)
        {
            return null!; // MassTransit then loads the existing row instead.
        }
    }

    public async Task<SagaConsumeContext<ModState, TMessage>> Load(Guid correlationId)
    {
        var instance = await store.LoadAsync(correlationId, consumeContext.CancellationToken).ConfigureAwait(false);
        return instance is null
            ? null!
            : await factory.CreateSagaConsumeContext(store, consumeContext, instance, SagaConsumeContextMode.Load)
                .ConfigureAwait(false);
    }

    public Task Save(SagaConsumeContext<ModState> context)
    {
        context.Saga.Version = 1;
        return store.InsertAsync(context.Saga, context.CancellationToken);
    }

    public Task Update(SagaConsumeContext<ModState> context)
    {
        var expected = context.Saga.Version;
        context.Saga.Version = expected + 1;
        return store.UpdateAsync(context.Saga, expected, context.CancellationToken);
    }

    public Task Delete(SagaConsumeContext<ModState> context) =>
        store.DeleteAsync(context.Saga.CorrelationId, context.CancellationToken);

    public Task Discard(SagaConsumeContext<ModState> context) => Task.CompletedTask;

    public Task Undo(SagaConsumeContext<ModState> context) => Task.CompletedTask;

    public Task<SagaConsumeContext<ModState, T>> CreateSagaConsumeContext<T>(ConsumeContext<T> consumeContext,
        ModState instance, SagaConsumeContextMode mode)
        where T : class =>
        factory.CreateSagaConsumeContext(store, consumeContext, instance, mode);
}

public sealed class StoreLoadSagaRepositoryContext(IModStateStore store, CancellationToken cancellationToken)
    : BasePipeContext(cancellationToken), LoadSagaRepositoryContext<ModState>
{
    public Task<ModState> Load(Guid correlationId) => store.LoadAsync(correlationId, CancellationToken)!;
}
