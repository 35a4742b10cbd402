using MassTransit.Mediator;
using Microsoft.Extensions.DependencyInjection;
using NetKAN.Bus.Contracts.Lifecycle;
using NetKAN.Bus.Contracts.Wire;
using NetKAN.Bus.Sagas.Status;
using NetKAN.Bus.Contracts.Games;
using NetKAN.Bus.Sagas.Persistence;
using NetKAN.Bus.Sagas.Lifecycle;
using Microsoft.Extensions.Options;

namespace NetKAN.Bus.Sagas.Recording;

/// <summary>
/// Records lifecycle events by handing them to the ModLifecycle saga through MassTransit's mediator
/// (<see cref="ModLifecycleRegistration.AddModLifecycleSaga"/>): by reference, with no JSON round trip or receive
/// pipeline; the call returns after the saga (with its retry on concurrency conflicts) has saved the row, and throws
/// what the saga threw if it could not. A scheduling pass's requests are recorded
/// together when the store can write many rows at once (<see cref="ModLifecycleBatch"/>).
/// </summary>
public sealed class DispatchingModLifecycle(
    IServiceProvider services,
    IModStateStore store,
    TimeProvider time,
    IOptions<LifecycleOptions> options) : IModLifecycle
{
    // Resolved at the first event: building the mediator's saga pipeline costs start-up time that processes which
    // record nothing through the saga (a scheduling pass writes its requests as one batch) should not pay.
    private readonly Lazy<IMediator> _mediator = new(services.GetRequiredService<IMediator>);

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
        // By reference through the mediator: the runtime type picks the saga event.
        await _mediator.Value.Send((object)lifecycleEvent, cancellationToken).ConfigureAwait(false);
    }

    public Task RecordRequestsAsync(IReadOnlyList<InflationRequested> requests, CancellationToken cancellationToken) =>
        store is IModStateBatchStore batch && requests.Count > 1
            ? new ModLifecycleBatch(batch, new InflationRequestRule(new LifecycleRules(options.Value)), time, RecordAsync)
                .RecordAsync(requests, cancellationToken)
            : ModLifecycleBatch.RecordEachAsync(this, requests, cancellationToken);
}
