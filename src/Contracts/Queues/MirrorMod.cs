using NetKAN.Bus.Contracts.Wire;
using NetKAN.Bus.Contracts.Games;

namespace NetKAN.Bus.Contracts.Queues;

/// <summary>
/// Command on the mirroring queue (<c>Mirroring.fifo</c>): mirror the download of this .ckan to the Internet Archive.
/// Wire: body = the .ckan path relative to CKAN-meta (e.g. <c>DogeCoinFlag/DogeCoinFlag-v1.0.2.ckan</c>);
/// attribute <c>GameId</c>. Group id = the mod folder; dedup id = MD5 of the body, as the original.
/// </summary>
public sealed record MirrorMod(GameId Game, string CkanPath) : IWireContract<MirrorMod>
{
    /// <summary>The mod folder, i.e. the first path segment.</summary>
    [System.Text.Json.Serialization.JsonIgnore]
    public string Identifier => CkanPath.Split('/', 2)[0];

    public WireMessage ToWire() => new(
        CkanPath,
        WireValues.Attributes((WireAttributes.GameId, Game.Value)),
        Identifier,
        WireValues.Md5Hex(CkanPath));

    public static MirrorMod FromWire(WireMessage message)
    {
        var path = message.Body.Trim();
        if (path.Length == 0 || !path.EndsWith(".ckan", StringComparison.OrdinalIgnoreCase))
        {
            throw new WireFormatException("body", $"'{path}' is not the path of a .ckan file in CKAN-meta");
        }
        var identifier = path.Split('/', 2)[0];
        return new MirrorMod(WireValues.Game(message, identifier), path);
    }
}
