using System.Text.Json;
using NetKAN.Bus.Contracts.Wire;

namespace NetKAN.Bus.Contracts.Lifecycle;

/// <summary>
/// The wire form of a lifecycle event, for journals and any queue that carries events: body = the event as JSON;
/// attributes <c>Event</c> (the record's name), <c>GameId</c>, <c>ModIdentifier</c>; group id = the mod;
/// dedup id = a hash of the body, so the same event sent twice is delivered once.
/// </summary>
public static class ModEventWire
{
    public const string EventAttribute = "Event";

    private static readonly JsonSerializerOptions Json = new(JsonSerializerDefaults.Web);

    public static WireMessage ToWire(IModEvent lifecycleEvent)
    {
        var body = JsonSerializer.Serialize(lifecycleEvent, lifecycleEvent.GetType(), Json);
        return new WireMessage(body,
            WireValues.Attributes(
                (EventAttribute, lifecycleEvent.GetType().Name),
                (WireAttributes.GameId, lifecycleEvent.Game.Value),
                (WireAttributes.ModIdentifier, lifecycleEvent.Identifier)),
            lifecycleEvent.Identifier,
            WireValues.StableId(body));
    }

    public static IModEvent FromWire(WireMessage message)
    {
        var name = WireValues.Required(message, EventAttribute);
        var type = typeof(IModEvent).Assembly.GetType($"{typeof(IModEvent).Namespace}.{name}");
        if (type is null || !typeof(IModEvent).IsAssignableFrom(type))
        {
            throw new WireFormatException(EventAttribute, $"'{name}' is not a lifecycle event");
        }
        try
        {
            return (IModEvent)(JsonSerializer.Deserialize(message.Body, type, Json)
                ?? throw new WireFormatException("body", "is empty"));
        }
        catch (JsonException e)
        {
            throw new WireFormatException("body", $"is not a valid {name}: {e.Message}");
        }
    }
}
