using NetKAN.Bus.Contracts.Alerts;
using NetKAN.Bus.Contracts.Lifecycle;
using NetKAN.Bus.Sagas.Persistence;
using NetKAN.Bus.Sagas.Recording;

namespace NetKAN.Bus.Services.Notifications;

/// <summary>
/// Raises the original Indexer's alerts around an inflation result: <c>New inflation error for &lt;id&gt;: …</c> when
/// the error text differs from the one on the row, else <c>New inflation warnings for &lt;id&gt;: …</c> when the
/// warnings changed and there are some.
/// </summary>
public sealed class AlertingModLifecycle(IModLifecycle inner, IModStateStore store, IAlerts alerts) : IModLifecycle
{
    public async Task RecordAsync<TEvent>(TEvent lifecycleEvent, CancellationToken cancellationToken)
        where TEvent : class, IModEvent
    {
        if (alerts is NoAlerts || lifecycleEvent is not (InflationFailed or InflationSucceeded or InflatedAndIndexed))
        {
            await inner.RecordAsync(lifecycleEvent, cancellationToken);
            return;
        }
        var before = await store.LoadAsync(ModSagaId.For(lifecycleEvent.Game, lifecycleEvent.Identifier), cancellationToken);
        await inner.RecordAsync(lifecycleEvent, cancellationToken);
        var (error, warnings) = lifecycleEvent switch
        {
            InflationFailed f => (f.Error, f.Warnings),
            InflationSucceeded s => ((string?)null, s.Warnings),
            InflatedAndIndexed b => ((string?)null, b.Inflation.Warnings),
            _ => (null, null),
        };
        var warningText = warnings is { Count: > 0 } ? string.Join("\n", warnings) : null;
        var id = lifecycleEvent.Identifier;
        if (error is not null && error != before?.LastError)
        {
            alerts.Raise(new Alert(AlertKind.InflationError, $"New inflation error for {id}: {error}", lifecycleEvent.Game, id));
        }
        else if (warningText is not null && warningText != before?.LastWarnings)
        {
            alerts.Raise(new Alert(AlertKind.Warnings, $"New inflation warnings for {id}: {warningText}", lifecycleEvent.Game, id));
        }
    }

    /// <summary>Requests raise no alerts.</summary>
    public Task RecordRequestsAsync(IReadOnlyList<InflationRequested> requests, CancellationToken cancellationToken) =>
        inner.RecordRequestsAsync(requests, cancellationToken);
}
