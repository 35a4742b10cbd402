using System.Text.Json;
using MassTransit;
using MassTransit.Serialization;
using MassTransit.Transports;
using NetKAN.Bus.Contracts.Lifecycle;
using NetKAN.Bus.Sagas.Status;

namespace NetKAN.Bus.Sagas.Recording;

/// <summary>
/// Records lifecycle events by dispatching them straight into the ModLifecycle saga's receive endpoint
/// (MassTransit's <see cref="IReceiveEndpointDispatcher"/>): the call returns after the saga (with its retry on
/// concurrency conflicts) has saved the row, and throws if it could not.
/// </summary>
public sealed class DispatchingModLifecycle(IReceiveEndpointDispatcherFactory factory) : IModLifecycle
{
    public const string EndpointName = "mod-lifecycle";

    private readonly Lazy<IReceiveEndpointDispatcher> _dispatcher =
        new(() => factory.CreateSagaReceiver<ModState>(EndpointName));

    public async Task RecordAsync<TEvent>(TEvent lifecycleEvent, CancellationToken cancellationToken)
        where TEvent : class, IModEvent
    {
        var body = JsonSerializer.SerializeToUtf8Bytes(lifecycleEvent, lifecycleEvent.GetType(), SystemTextJsonMessageSerializer.Options);
        var headers = new Dictionary<string, object>
        {
            [MessageHeaders.MessageId] = NewId.NextGuid().ToString(),
            ["MT-MessageType"] = MessageUrn.ForTypeString(lifecycleEvent.GetType()),
            ["Content-Type"] = "application/json",
        };
        await _dispatcher.Value.Dispatch(body, headers, cancellationToken).ConfigureAwait(false);
    }
}
