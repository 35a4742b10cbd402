using System.Globalization;
using System.Text.Json.Serialization;
using NetKAN.Bus.Contracts.Wire;
using NetKAN.Bus.Contracts.Games;

namespace NetKAN.Bus.Contracts.Queues;

/// <summary>
/// Command on the inflation queues (<c>Inbound.fifo</c>, <c>InboundKsp2.fifo</c>): inflate this .netkan.
/// Wire: body = raw .netkan text (JSON or YAML, unchanged); attributes <c>GameId</c>, optional
/// <c>HighestVersion</c>, <c>HighestVersionPrerelease</c>, <c>Releases</c>.
/// Group id = the mod identifier (per-mod order, parallel across mods); dedup id = random, so that every
/// scheduling pass is delivered, as the original's uuid4.
/// </summary>
public sealed record InflateMod(
    GameId Game,
    string Netkan,
    string? HighestVersion = null,
    string? HighestVersionPrerelease = null,
    int? Releases = null) : IWireContract<InflateMod>
{
    /// <summary>The identifier found in the netkan text, when there is one (not on the wire).</summary>
    [JsonIgnore]
    public string? Identifier => NetkanIdentifier.Find(Netkan);

    public WireMessage ToWire() => new(
        Netkan,
        WireValues.Attributes(
            (WireAttributes.GameId, Game.Value),
            (WireAttributes.HighestVersion, HighestVersion),
            (WireAttributes.HighestVersionPrerelease, HighestVersionPrerelease),
            (WireAttributes.Releases, Releases?.ToString(CultureInfo.InvariantCulture))),
        Identifier ?? "1",
        WireValues.RandomId());

    public static InflateMod FromWire(WireMessage message)
    {
        var identifier = NetkanIdentifier.Find(message.Body ?? "");
        if (!ModIdentifier.IsValid(identifier))
        {
            identifier = null; // "X" or 200 characters: nothing a status row may be made for
        }
        if (string.IsNullOrWhiteSpace(message.Body))
        {
            throw new WireFormatException("body", "is empty; expected the .netkan text", identifier);
        }
        if (identifier is null)
        {
            // Nothing to record an error against: the message is left to the dead-letter queue.
            throw new WireFormatException("body", "has no identifier field; cannot tell which mod to inflate");
        }
        WireValues.Body(message, identifier);
        var releasesText = WireValues.Optional(message, WireAttributes.Releases);
        int? releases = null;
        if (releasesText is not null)
        {
            releases = int.TryParse(releasesText, NumberStyles.Integer, CultureInfo.InvariantCulture, out var n) && n > 0
                ? n
                : throw new WireFormatException(WireAttributes.Releases, $"'{releasesText}' is not a positive integer", identifier);
        }
        return new InflateMod(
            WireValues.Game(message, identifier),
            message.Body,
            WireValues.Optional(message, WireAttributes.HighestVersion),
            WireValues.Optional(message, WireAttributes.HighestVersionPrerelease),
            releases);
    }
}
