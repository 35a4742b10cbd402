using System.Globalization;
using NetKAN.Bus.Contracts.Games;
using NetKAN.Bus.Sagas.Status;

namespace NetKAN.Bus.Services.Demo;

/// <summary>The per-mod table <c>netkan demo --once</c> prints, and the "has everything settled" rule.</summary>
public static class DemoSummary
{
    /// <summary>States after which nothing more happens to a mod without a new request.</summary>
    private static readonly HashSet<string> SettledStates = new(StringComparer.Ordinal)
    {
        "Indexed", "Unchanged", "Staged", "Mirrored", "MirrorSkippedState", "MirrorFailedState",
        "InflationFailedState", "IndexingFailedState", "Frozen",
    };

    public static bool IsSettled(ModState state) => SettledStates.Contains(state.CurrentState);

    /// <summary>One row per identifier of the game, in the order given (mods never seen show as such).</summary>
    public static string Table(IReadOnlyList<ModState> states, IReadOnlyList<string> identifiers, GameId game) =>
        Render(identifiers.Select(id => (id, states.FirstOrDefault(s => s.Identifier == id && s.GameId == game.Value))).ToList());

    /// <summary>One row per status row, game then identifier.</summary>
    public static string Table(IReadOnlyList<ModState> states) =>
        Render(states.OrderBy(s => s.GameId, StringComparer.Ordinal).ThenBy(s => s.Identifier, StringComparer.Ordinal)
            .Select(s => (s.GameId == GameId.Ksp.Value ? s.Identifier : $"{s.GameId}/{s.Identifier}", (ModState?)s)).ToList());

    private static string Render(IReadOnlyList<(string Name, ModState? State)> mods)
    {
        var rows = mods
            .Select(mod => new[]
            {
                mod.Name,
                mod.State?.CurrentState ?? "(never seen)",
                mod.State?.ModVersion ?? "",
                Result(mod.State),
                Time(mod.State?.LastInflated),
                Time(mod.State?.LastIndexed),
                mod.State?.LastError ?? mod.State?.LastWarnings?.Replace('\n', ' ') ?? "",
            })
            .ToList();
        string[] header = ["mod", "state", "version", "result", "inflated", "indexed", "error / warnings"];
        var widths = header.Select((h, c) => Math.Min(60, rows.Select(r => r[c].Length).Append(h.Length).Max())).ToArray();
        var lines = new List<string> { Line(header, widths), string.Join("  ", widths.Select(w => new string('-', w))) };
        lines.AddRange(rows.Select(r => Line(r, widths)));
        return string.Join(Environment.NewLine, lines);
    }

    private static string Line(string[] cells, int[] widths) =>
        string.Join("  ", cells.Select((c, i) => (c.Length > widths[i] ? c[..(widths[i] - 1)] + "…" : c).PadRight(widths[i]))).TrimEnd();

    private static string Result(ModState? state) => state switch
    {
        null => "",
        { Frozen: true } => "frozen",
        { LastInflated: null, LastError: null } => "pending",
        { Success: true } => "ok",
        _ => "FAILED",
    };

    private static string Time(DateTimeOffset? time) =>
        time?.UtcDateTime.ToString("HH:mm:ss", CultureInfo.InvariantCulture) ?? "";
}
