using System.Text.Json;
using MassTransit;
using MassTransit.Serialization;
using MassTransit.Transports;
using NetKAN.Bus.Contracts.Lifecycle;
using NetKAN.Bus.Contracts.Wire;
using NetKAN.Bus.Sagas.Status;
using NetKAN.Bus.Contracts.Games;
using NetKAN.Bus.Sagas.Persistence;

namespace NetKAN.Bus.Sagas.Recording;

/// <summary>
/// Records lifecycle events by dispatching them straight into the ModLifecycle saga's receive endpoint
/// (MassTransit's <see cref="IReceiveEndpointDispatcher"/>): the call returns after the saga (with its retry on
/// concurrency conflicts) has saved the row, and throws if it could not. Many events at once go through the same saga
/// with their rows read and written together when the store can (<see cref="ModLifecycleBatch"/>).
/// </summary>
public sealed class DispatchingModLifecycle(IReceiveEndpointDispatcherFactory factory, IModStateStore store) : IModLifecycle
{
    public const string EndpointName = "mod-lifecycle";

    private readonly Lazy<IReceiveEndpointDispatcher> _dispatcher =
        new(() => factory.CreateSagaReceiver<ModState>(EndpointName));

    public async Task RecordAsync<TEvent>(TEvent lifecycleEvent, CancellationToken cancellationToken)
        where TEvent : class, IModEvent
    {
        // The last line of defence: whatever the caller checked, no status row is made for a name that is not a
        // CKAN identifier (an empty one, a path, a line break…).
        if (!ModIdentifier.IsValid(lifecycleEvent.Identifier))
        {
            throw new ArgumentException(
                $"No status is recorded for {WireValues.Quote(lifecycleEvent.Identifier)}: not a CKAN identifier ({ModIdentifier.Pattern})",
                nameof(lifecycleEvent));
        }
        var body = JsonSerializer.SerializeToUtf8Bytes(lifecycleEvent, lifecycleEvent.GetType(), SystemTextJsonMessageSerializer.Options);
        var headers = new Dictionary<string, object>
        {
            [MessageHeaders.MessageId] = NewId.NextGuid().ToString(),
            ["MT-MessageType"] = MessageUrn.ForTypeString(lifecycleEvent.GetType()),
            ["Content-Type"] = "application/json",
        };
        await _dispatcher.Value.Dispatch(body, headers, cancellationToken).ConfigureAwait(false);
    }

    public Task RecordManyAsync<TEvent>(IReadOnlyList<TEvent> lifecycleEvents, CancellationToken cancellationToken)
        where TEvent : class, IModEvent =>
        store is IModStateBatchStore batch && lifecycleEvents.Count > 1
            ? new ModLifecycleBatch(store, batch, RecordAsync).RecordAsync(lifecycleEvents, cancellationToken)
            : ModLifecycleBatch.RecordEachAsync(this, lifecycleEvents, cancellationToken);
}
