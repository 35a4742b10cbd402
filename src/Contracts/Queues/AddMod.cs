using System.Text.Json;
using NetKAN.Bus.Contracts.Wire;
using NetKAN.Bus.Contracts.Games;

namespace NetKAN.Bus.Contracts.Queues;

/// <summary>
/// Command on the adding queue (<c>Adding.fifo</c>): SpaceDock asked to add a mod to CKAN.
/// Wire: body = the JSON of the SpaceDock add form plus <c>all_authors</c>; attribute <c>GameId</c>.
/// Group id = "1"; dedup id = MD5 of the body, as the original.
/// </summary>
public sealed record AddMod(GameId Game, string Request) : IWireContract<AddMod>
{
    /// <summary>The mod name from the request (the <c>name</c> field), or null when absent.</summary>
    [System.Text.Json.Serialization.JsonIgnore]
    public string? Name
    {
        get
        {
            try
            {
                using var doc = JsonDocument.Parse(Request);
                return doc.RootElement.ValueKind == JsonValueKind.Object
                       && doc.RootElement.TryGetProperty("name", out var name) && name.ValueKind == JsonValueKind.String
                    ? name.GetString()
                    : null;
            }
            catch (Exception e) when (e is JsonException or InvalidOperationException or ArgumentException)
            {
                return null;
            }
        }
    }

    public WireMessage ToWire() => new(
        Request,
        WireValues.Attributes((WireAttributes.GameId, Game.Value)),
        "1",
        WireValues.Md5Hex(Request));

    public static AddMod FromWire(WireMessage message)
    {
        WireValues.Body(message, null);
        try
        {
            using var doc = JsonDocument.Parse(message.Body);
            if (doc.RootElement.ValueKind != JsonValueKind.Object)
            {
                throw new WireFormatException("body", "must be a JSON object (the SpaceDock add form)");
            }
        }
        catch (Exception e) when (e is JsonException or ArgumentException)
        {
            // ArgumentException: text that cannot be UTF-8 (a lone UTF-16 surrogate).
            throw new WireFormatException("body", $"is not valid JSON: {e.Message}");
        }
        return new AddMod(WireValues.Game(message), message.Body);
    }
}
