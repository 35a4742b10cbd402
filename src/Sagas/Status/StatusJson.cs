using System.Globalization;
using System.Text;
using System.Text.Json;
using NetKAN.Bus.Contracts.Games;

namespace NetKAN.Bus.Sagas.Status;

/// <summary>
/// The original status file format (<c>status/netkan.json</c>, <c>status/netkan-ksp2.json</c>), read by the
/// NetKAN-status page and other tools: an object keyed by identifier; dates in Python isoformat
/// (<c>2023-04-11T14:40:18.673421+00:00</c>); <c>failed</c> in place of <c>success</c>.
/// </summary>
public static class StatusJson
{
    public static string Write(IEnumerable<ModState> states, GameId game)
    {
        using var buffer = new MemoryStream();
        using (var json = new Utf8JsonWriter(buffer, new JsonWriterOptions
        {
            Indented = false,
            // Dates read "+00:00" as the original (Python json.dumps) wrote them, not "\u002B00:00".
            Encoder = System.Text.Encodings.Web.JavaScriptEncoder.UnsafeRelaxedJsonEscaping,
        }))
        {
            json.WriteStartObject();
            foreach (var state in states.Where(x => x.GameId == game.Value).OrderBy(x => x.Identifier, StringComparer.Ordinal))
            {
                json.WritePropertyName(state.Identifier);
                WriteMod(json, state);
            }
            json.WriteEndObject();
        }
        return Encoding.UTF8.GetString(buffer.ToArray());
    }

    /// <summary>The file name the original used for a game.</summary>
    public static string FileName(GameId game) => game == GameId.Ksp ? "netkan.json" : $"netkan-{game.Value}.json";

    private static void WriteMod(Utf8JsonWriter json, ModState state)
    {
        json.WriteStartObject();
        json.WriteString("game_id", state.GameId);
        WriteNullable(json, "last_error", state.LastError);
        WriteNullable(json, "last_warnings", state.LastWarnings);
        WriteDate(json, "last_checked", state.LastChecked);
        WriteDate(json, "last_indexed", state.LastIndexed);
        WriteDate(json, "last_inflated", state.LastInflated);
        WriteDate(json, "last_downloaded", state.LastDownloaded);
        WriteDate(json, "release_date", state.ReleaseDate);
        json.WriteBoolean("frozen", state.Frozen);
        json.WriteStartObject("resources");
        foreach (var (key, value) in state.Resources)
        {
            json.WriteString(key, value);
        }
        json.WriteEndObject();
        json.WriteBoolean("failed", !state.Success);
        json.WriteEndObject();
    }

    private static void WriteNullable(Utf8JsonWriter json, string name, string? value)
    {
        if (value is null)
        {
            json.WriteNull(name);
        }
        else
        {
            json.WriteString(name, value);
        }
    }

    private static void WriteDate(Utf8JsonWriter json, string name, DateTimeOffset? value) =>
        WriteNullable(json, name, value is { } date ? IsoFormat(date) : null);

    /// <summary>Python's <c>datetime.isoformat()</c> for a UTC time: microseconds only when non-zero.</summary>
    public static string IsoFormat(DateTimeOffset date)
    {
        var utc = date.ToUniversalTime();
        var micro = utc.Ticks % TimeSpan.TicksPerSecond / 10;
        var seconds = utc.ToString("yyyy-MM-ddTHH:mm:ss", CultureInfo.InvariantCulture);
        return micro == 0 ? $"{seconds}+00:00" : $"{seconds}.{micro:D6}+00:00";
    }
}
