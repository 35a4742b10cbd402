using System.Text.Json;
using System.Text.Json.Serialization;
using NetKAN.Bus.Sagas.Status;

namespace NetKAN.Bus.Sagas.Persistence;

/// <summary>The one JSON form of a status row, shared by the stores that keep rows as documents.</summary>
public static class ModStateJson
{
    public static readonly JsonSerializerOptions Options = new(JsonSerializerDefaults.Web)
    {
        DefaultIgnoreCondition = JsonIgnoreCondition.Never,
        WriteIndented = false,
        Converters = { new HistoryJsonConverter() },
    };

    public static string Serialize(ModState state) => JsonSerializer.Serialize(state, Options);

    public static ModState Deserialize(string json) =>
        JsonSerializer.Deserialize<ModState>(json, Options) ?? throw new JsonException("Empty mod state row");

    /// <summary>The row as UTF-8, the form SQLite keeps text in: no UTF-16 string in between.</summary>
    public static byte[] SerializeToUtf8(ModState state) => JsonSerializer.SerializeToUtf8Bytes(state, Options);

    public static ModState Deserialize(ReadOnlySpan<byte> utf8Json) =>
        JsonSerializer.Deserialize<ModState>(utf8Json, Options) ?? throw new JsonException("Empty mod state row");

    /// <summary>A deep copy, so callers never share mutable rows with a store.</summary>
    public static ModState Clone(ModState state) => Deserialize(Serialize(state));
}
