using System.Globalization;
using NetKAN.Bus.Contracts.Games;
using NetKAN.Bus.Sagas.Status;

namespace NetKAN.Bus.Services.Demo;

/// <summary>The per-mod table <c>netkan demo --once</c> prints, and the "has everything settled" rule.</summary>
public static class DemoSummary
{
    /// <summary>Nothing more happens to the mod without a new request: a finished state and no stage result awaited.</summary>
    public static bool IsSettled(ModState state) =>
        LifecycleStates.For(state.CurrentState).Finished && state.Awaiting.Count == 0;

    /// <summary>
    /// The mod went through every stage it needs: inflated and indexed without error, and mirrored or skipped by
    /// licence (a staged mod is mirrored once its pull request is merged, so it needs no mirror yet).
    /// </summary>
    public static bool IsComplete(ModState state) =>
        IsSettled(state) && state.Success && !state.Frozen && state.LastIndexed is not null
        && (state.CurrentState == LifecycleStates.Staged || state.MirrorStatus is "mirrored" or "skipped");

    /// <summary>The <c>mirrored</c> column: time of the last mirror, <c>skipped</c>, <c>failed</c> or <c>never</c>.</summary>
    public static string Mirrored(ModState? state) => state?.MirrorStatus switch
    {
        "mirrored" => Time(state.LastMirrored),
        "skipped" => "skipped",
        "failed" => "failed",
        _ => "never",
    };

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
                mod.State is null ? "" : Mirrored(mod.State),
                mod.State?.LastError ?? mod.State?.LastWarnings?.Replace('\n', ' ') ?? "",
            })
            .ToList();
        string[] header = ["mod", "state", "version", "result", "inflated", "indexed", "mirrored", "error / warnings"];
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
        { Stall: not null } => "STALLED",
        { Success: true } => "ok",
        _ => "FAILED",
    };

    private static string Time(DateTimeOffset? time) =>
        time?.UtcDateTime.ToString("HH:mm:ss", CultureInfo.InvariantCulture) ?? "";
}
