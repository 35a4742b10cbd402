using System.Globalization;
using System.Text.Json;
using NetKAN.Bus.Contracts.Games;
using NetKAN.Bus.Sagas.Status;

namespace NetKAN.Bus.Services.Replay;

/// <summary>
/// Compares replayed rows with a status file a run wrote (<c>status/netkan.json</c> format): one line per mod and
/// field that differs, plus mods only on one side. Times a replay re-stamps (indexing happens when the replay handles
/// the line, at the journalled time of that line) may differ by up to <see cref="TimeTolerance"/>.
/// </summary>
public static class StatusFileDiff
{
    public static readonly TimeSpan TimeTolerance = TimeSpan.FromSeconds(2);

    private static readonly string[] TimeFields = ["last_checked", "last_indexed", "last_inflated", "last_downloaded", "release_date"];

    public static IReadOnlyList<string> Compare(string expectedJson, IReadOnlyList<ModState> replayed)
    {
        using var expected = JsonDocument.Parse(expectedJson);
        var differences = new List<string>();
        var seen = new HashSet<(string, string)>();
        foreach (var mod in expected.RootElement.EnumerateObject())
        {
            var gameText = mod.Value.TryGetProperty("game_id", out var g) && g.ValueKind == JsonValueKind.String ? g.GetString()! : "ksp";
            var game = GameId.TryParse(gameText, out var parsed) ? parsed.Value : GameId.Ksp;
            seen.Add((game.Value, mod.Name));
            var state = replayed.FirstOrDefault(x => x.Identifier == mod.Name && x.GameId == game.Value);
            if (state is null)
            {
                differences.Add($"{mod.Name} ({game}): in the status file, not in the replay");
                continue;
            }
            using var actual = JsonDocument.Parse(StatusJson.Write([state], game));
            var replayedMod = actual.RootElement.GetProperty(mod.Name);
            foreach (var field in mod.Value.EnumerateObject())
            {
                var other = replayedMod.TryGetProperty(field.Name, out var o) ? o : default;
                if (!Same(field.Name, field.Value, other))
                {
                    differences.Add($"{mod.Name} ({game}): {field.Name}: expected {Text(field.Value)}, replayed {Text(other)}");
                }
            }
        }
        foreach (var state in replayed.Where(x => !seen.Contains((x.GameId, x.Identifier))
                                                  && expected.RootElement.EnumerateObject().Any(m => GameOf(m) == x.GameId)))
        {
            differences.Add($"{state.Identifier} ({state.GameId}): in the replay, not in the status file");
        }
        return differences;
    }

    private static string GameOf(JsonProperty mod) =>
        mod.Value.TryGetProperty("game_id", out var g) && g.ValueKind == JsonValueKind.String ? g.GetString()! : "ksp";

    private static bool Same(string field, JsonElement expected, JsonElement replayed)
    {
        if (replayed.ValueKind == JsonValueKind.Undefined)
        {
            return false;
        }
        if (TimeFields.Contains(field) && expected.ValueKind == JsonValueKind.String && replayed.ValueKind == JsonValueKind.String
            && DateTimeOffset.TryParse(expected.GetString(), CultureInfo.InvariantCulture, DateTimeStyles.AssumeUniversal, out var e)
            && DateTimeOffset.TryParse(replayed.GetString(), CultureInfo.InvariantCulture, DateTimeStyles.AssumeUniversal, out var r))
        {
            return (e - r).Duration() <= TimeTolerance;
        }
        return JsonElement.DeepEquals(expected, replayed);
    }

    private static string Text(JsonElement value) => value.ValueKind == JsonValueKind.Undefined ? "(missing)" : value.GetRawText();
}
