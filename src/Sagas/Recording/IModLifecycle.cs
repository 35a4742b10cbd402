using NetKAN.Bus.Contracts.Lifecycle;

namespace NetKAN.Bus.Sagas.Recording;

/// <summary>
/// What stages call to record what happened to a mod. Completes only once the saga has stored the event,
/// so a queue message can be deleted knowing its outcome is recorded.
/// </summary>
public interface IModLifecycle
{
    Task RecordAsync<TEvent>(TEvent lifecycleEvent, CancellationToken cancellationToken)
        where TEvent : class, IModEvent;

    /// <summary>
    /// Records a scheduling pass's requests, each with the saga's rule for it; completes once all are stored.
    /// Implementations may store them together (one transaction); by default one by one.
    /// </summary>
    Task RecordRequestsAsync(IReadOnlyList<InflationRequested> requests, CancellationToken cancellationToken) =>
        ModLifecycleBatch.RecordEachAsync(this, requests, cancellationToken);
}
