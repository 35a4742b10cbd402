using System.Security.Cryptography;
using System.Text;
using NetKAN.Bus.Contracts.Games;

namespace NetKAN.Bus.Contracts.Lifecycle;

/// <summary>
/// The saga correlation id of a mod: a name-based (version 5 style, SHA-1) GUID over "game/identifier",
/// so any process can find a mod's status row without a lookup.
/// </summary>
public static class ModSagaId
{
    private static readonly byte[] Namespace = Guid.Parse("6f1c5a52-6a8f-4c1b-9c58-2a0a4b0e6b11").ToByteArray(bigEndian: true);

    public static Guid For(GameId game, string identifier)
    {
        var name = Encoding.UTF8.GetBytes($"{game.Value}/{identifier}");
        var input = new byte[Namespace.Length + name.Length];
        Namespace.CopyTo(input, 0);
        name.CopyTo(input, Namespace.Length);
        var hash = SHA1.HashData(input);
        var bytes = hash.AsSpan(0, 16).ToArray();
        bytes[6] = (byte)((bytes[6] & 0x0F) | 0x50); // version 5
        bytes[8] = (byte)((bytes[8] & 0x3F) | 0x80); // RFC 4122 variant
        return new Guid(bytes, bigEndian: true);
    }

    public static Guid For(IModEvent e) => For(e.Game, e.Identifier);
}
