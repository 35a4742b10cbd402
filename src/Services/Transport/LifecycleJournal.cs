using System.Text.Json;
using MassTransit.Serialization;
using NetKAN.Bus.Contracts.Lifecycle;
using NetKAN.Bus.Contracts.Wire;
using NetKAN.Bus.Sagas.Recording;

namespace NetKAN.Bus.Services.Transport;

/// <summary>
/// Lifecycle events recorded outside queue handling (a webhook freezing a mod, the auto-freezer…) go into the
/// journal too, as lines on the pseudo-queue <c>lifecycle</c>, so a replay reproduces them. Events recorded while a
/// queue message is handled are not journalled: replaying the message re-creates them.
/// </summary>
public sealed class JournalingModLifecycle(DispatchingModLifecycle inner, QueueJournal journal) : IModLifecycle
{
    public const string Queue = "lifecycle";
    public const string EventAttribute = "Event";

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
        if (journal.Enabled && !HandlingQueueMessage.Value)
        {
            await journal.AppendAsync(Queue, ToWire(lifecycleEvent), cancellationToken);
        }
    }

    public static WireMessage ToWire(IModEvent lifecycleEvent) => new(
        JsonSerializer.Serialize(lifecycleEvent, lifecycleEvent.GetType(), SystemTextJsonMessageSerializer.Options),
        new Dictionary<string, string> { [EventAttribute] = lifecycleEvent.GetType().Name },
        lifecycleEvent.Identifier,
        WireValues.RandomId());

    /// <summary>Reads a journalled lifecycle line back into its event.</summary>
    public static IModEvent FromWire(WireMessage message)
    {
        var name = message.Attribute(EventAttribute)
            ?? throw new WireFormatException(EventAttribute, "attribute is missing on a lifecycle journal line");
        var type = typeof(IModEvent).Assembly.GetType($"{typeof(IModEvent).Namespace}.{name}")
            ?? throw new WireFormatException(EventAttribute, $"'{name}' is not a lifecycle event");
        return (IModEvent)(JsonSerializer.Deserialize(message.Body, type, SystemTextJsonMessageSerializer.Options)
            ?? throw new WireFormatException("body", "is empty"));
    }

    private sealed class Reset : IDisposable
    {
        public void Dispose() => HandlingQueueMessage.Value = false;
    }
}
