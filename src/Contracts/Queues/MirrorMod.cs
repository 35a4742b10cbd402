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
        var path = (message.Body ?? "").Trim();
        if (!IsCkanPath(path))
        {
            throw new WireFormatException("body",
                $"{WireValues.Quote(path)} is not the path of a .ckan file in CKAN-meta (<identifier>/<file>.ckan)");
        }
        var identifier = path.Split('/', 2)[0];
        return new MirrorMod(WireValues.Game(message, identifier), path);
    }

    /// <summary>The shape of a .ckan path in CKAN-meta: <c>&lt;identifier&gt;/&lt;file&gt;.ckan</c>, the folder a CKAN
    /// identifier, the file name plain (no further folders, no control characters, not hidden).</summary>
    public static bool IsCkanPath(string path)
    {
        var parts = path.Split('/');
        return parts.Length == 2
               && ModIdentifier.IsValid(parts[0])
               && parts[1].Length is > 5 and <= 255
               && parts[1].EndsWith(".ckan", StringComparison.Ordinal)
               && !parts[1].StartsWith('.')
               && !parts[1].Any(c => char.IsControl(c) || c == '\\');
    }
}
