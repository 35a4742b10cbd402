using System.Text.Json;
using MassTransit;
using MassTransit.Serialization;
using MassTransit.Transports;
using NetKAN.Bus.Contracts.Lifecycle;
using NetKAN.Bus.Contracts.Wire;
using NetKAN.Bus.Sagas.Status;
using NetKAN.Bus.Contracts.Games;
using NetKAN.Bus.Sagas.Persistence;
using NetKAN.Bus.Sagas.Lifecycle;
using Microsoft.Extensions.Options;

namespace NetKAN.Bus.Sagas.Recording;

/// <summary>
/// Records lifecycle events by dispatching them straight into the ModLifecycle saga's receive endpoint
/// (MassTransit's <see cref="IReceiveEndpointDispatcher"/>): the call returns after the saga (with its retry on
/// concurrency conflicts) has saved the row, and throws if it could not. A scheduling pass's requests are recorded
/// together when the store can write many rows at once (<see cref="ModLifecycleBatch"/>).
/// </summary>
public sealed class DispatchingModLifecycle(
    IReceiveEndpointDispatcherFactory factory,
    IModStateStore store,
    TimeProvider time,
    IOptions<LifecycleOptions> options) : IModLifecycle
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

    public Task RecordRequestsAsync(IReadOnlyList<InflationRequested> requests, CancellationToken cancellationToken) =>
        store is IModStateBatchStore batch && requests.Count > 1
            ? new ModLifecycleBatch(batch, new InflationRequestRule(new LifecycleRules(options.Value)), time, RecordAsync)
                .RecordAsync(requests, cancellationToken)
            : ModLifecycleBatch.RecordEachAsync(this, requests, cancellationToken);
}
