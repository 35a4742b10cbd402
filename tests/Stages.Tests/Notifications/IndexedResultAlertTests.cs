using NetKAN.Bus.Contracts.Alerts;
using NetKAN.Bus.Contracts.Games;
using NetKAN.Bus.Contracts.Lifecycle;
using NetKAN.Bus.Sagas.Persistence;
using NetKAN.Bus.Sagas.Recording;
using NetKAN.Bus.Sagas.Status;
using NetKAN.Bus.Services.Notifications;

namespace NetKAN.Bus.Services.Tests.Notifications;

/// <summary>The Indexer's one update per indexed result (<see cref="InflatedAndIndexed"/>) raises the warnings alert
/// its inflation result would raise alone: when the warnings differ from the row's.</summary>
public sealed class IndexedResultAlertTests
{
    private static readonly DateTimeOffset T0 = new(2026, 8, 1, 12, 0, 0, TimeSpan.Zero);

    [Fact]
    public async Task New_warnings_of_an_indexed_result_alert_and_the_warnings_the_row_has_do_not()
    {
        var store = new InMemoryModStateStore();
        var alerts = new RecordedAlerts();
        var lifecycle = new AlertingModLifecycle(new SavesWarnings(store), store, alerts);

        await lifecycle.RecordAsync(Indexed(T0, ["w1"]), default);
        await lifecycle.RecordAsync(Indexed(T0.AddHours(1), ["w1"]), default);

        var alert = Assert.Single(alerts.Raised);
        Assert.Equal((AlertKind.Warnings, "New inflation warnings for Mod: w1"), (alert.Kind, alert.Text));
    }

    private static InflatedAndIndexed Indexed(DateTimeOffset time, IReadOnlyList<string> warnings) =>
        new(new InflationSucceeded(GameId.Ksp, "Mod", time, "1.0", "Mod-1.0.ckan", warnings),
            new ModIndexed(GameId.Ksp, "Mod", time, IndexOutcome.Unchanged, "Mod-1.0.ckan", "c1"));

    private sealed class RecordedAlerts : IAlerts
    {
        public List<Alert> Raised { get; } = [];

        public void Raise(Alert alert) => Raised.Add(alert);
    }

    /// <summary>Stands in for the saga: folds the event into the row, as far as these alerts look.</summary>
    private sealed class SavesWarnings(IModStateStore store) : IModLifecycle
    {
        public async Task RecordAsync<TEvent>(TEvent lifecycleEvent, CancellationToken cancellationToken)
            where TEvent : class, IModEvent
        {
            var id = ModSagaId.For(lifecycleEvent);
            var row = await store.LoadAsync(id, cancellationToken);
            if (row is null)
            {
                row = new ModState { CorrelationId = id, Version = 1 };
                ModStateUpdates.Apply(row, lifecycleEvent, lifecycleEvent.Time);
                await store.InsertAsync(row, cancellationToken);
                return;
            }
            ModStateUpdates.Apply(row, lifecycleEvent, lifecycleEvent.Time);
            row.Version++;
            await store.UpdateAsync(row, row.Version - 1, cancellationToken);
        }
    }
}
