using NetKAN.Bus.Contracts.Lifecycle;
using NetKAN.Bus.Contracts.Wire;
using NetKAN.Bus.Sagas.Recording;

namespace NetKAN.Bus.Services.Transport;

/// <summary>
/// Lifecycle events recorded outside queue handling (a webhook freezing a mod, the auto-freezer…) go into the
/// journal too, as lines on the pseudo-queue <c>lifecycle</c>, so a replay reproduces them. Events recorded while a
/// queue message is handled are not journalled (replaying the message re-creates them) — except mirror outcomes:
/// a replay never contacts archive.org, so it takes them from the journal.
/// </summary>
public sealed class JournalingModLifecycle(DispatchingModLifecycle inner, QueueJournal journal) : IModLifecycle
{
    public const string Queue = "lifecycle";

    private static readonly AsyncLocal<bool> HandlingQueueMessage = new();

    /// <summary>Marks the current async flow as handling a queue message until disposed.</summary>
    public static IDisposable QueueHandling()
    {
        HandlingQueueMessage.Value = true;
        return new Reset();
    }

    public async Task RecordAsync<TEvent>(TEvent lifecycleEvent, CancellationToken cancellationToken)
        where TEvent : class, IModEvent
    {
        await inner.RecordAsync(lifecycleEvent, cancellationToken);
        if (Journalled(lifecycleEvent))
        {
            await journal.AppendAsync(Queue, ToWire(lifecycleEvent), cancellationToken);
        }
    }

    public async Task RecordRequestsAsync(IReadOnlyList<InflationRequested> requests, CancellationToken cancellationToken)
    {
        await inner.RecordRequestsAsync(requests, cancellationToken);
        // Journalled once recorded, as each single event is.
        foreach (var lifecycleEvent in requests)
        {
            if (Journalled(lifecycleEvent))
            {
                await journal.AppendAsync(Queue, ToWire(lifecycleEvent), cancellationToken);
            }
        }
    }

    private bool Journalled(IModEvent lifecycleEvent) =>
        journal.Enabled && (!HandlingQueueMessage.Value || IsMirrorOutcome(lifecycleEvent));

    /// <summary>What the mirrorer concluded: not reproducible offline, so journalled even during queue handling.</summary>
    public static bool IsMirrorOutcome(IModEvent lifecycleEvent) => lifecycleEvent is ModMirrored or MirrorSkipped or MirrorFailed;

    /// <summary>The journal line's wire form (see <see cref="ModEventWire"/>).</summary>
    public static WireMessage ToWire(IModEvent lifecycleEvent) => ModEventWire.ToWire(lifecycleEvent);

    /// <summary>Reads a journalled lifecycle line back into its event.</summary>
    public static IModEvent FromWire(WireMessage message) => ModEventWire.FromWire(message);

    private sealed class Reset : IDisposable
    {
        public void Dispose() => HandlingQueueMessage.Value = false;
    }
}
