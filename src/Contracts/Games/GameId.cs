using System.Diagnostics.CodeAnalysis;
using System.Text.Json;
using System.Text.Json.Serialization;

namespace NetKAN.Bus.Contracts.Games;

/// <summary>
/// A game the CKAN index serves: <c>ksp</c> or <c>ksp2</c>. Producers send <c>KSP</c>/<c>ksp</c>/<c>KSP2</c>;
/// the canonical form (status table range key, queue attribute we write) is lowercase.
/// </summary>
[JsonConverter(typeof(GameIdJsonConverter))]
public readonly record struct GameId
{
    public static readonly GameId Ksp = new("ksp", "GameData");
    public static readonly GameId Ksp2 = new("ksp2", "BepInEx/plugins");

    public static IReadOnlyList<GameId> All { get; } = [Ksp, Ksp2];

    private GameId(string value, string modRoot)
    {
        Value = value;
        ModRoot = modRoot;
    }

    /// <summary>Lowercase id: <c>ksp</c> or <c>ksp2</c>.</summary>
    public string Value { get; }

    /// <summary>The folder mods install to by default (GameData for KSP, BepInEx/plugins for KSP2).</summary>
    public string ModRoot { get; }

    public static bool TryParse(string? text, [NotNullWhen(true)] out GameId? game)
    {
        game = text?.Trim().ToLowerInvariant() switch
        {
            "ksp" => Ksp,
            "ksp2" => Ksp2,
            _ => null,
        };
        return game is not null;
    }

    /// <summary>Parses a game id case-insensitively; throws <see cref="UnknownGameException"/> otherwise.</summary>
    public static GameId Parse(string? text) =>
        TryParse(text, out var game) ? game.Value : throw new UnknownGameException(text);

    public override string ToString() => Value ?? "";
}

public sealed class UnknownGameException(string? text)
    : FormatException($"Unknown game id '{text}'; expected one of: ksp, ksp2")
{
    public string? Text { get; } = text;
}

public sealed class GameIdJsonConverter : JsonConverter<GameId>
{
    public override GameId Read(ref Utf8JsonReader reader, Type typeToConvert, JsonSerializerOptions options) =>
        GameId.Parse(reader.GetString());

    public override void Write(Utf8JsonWriter writer, GameId value, JsonSerializerOptions options) =>
        writer.WriteStringValue(value.Value);
}
