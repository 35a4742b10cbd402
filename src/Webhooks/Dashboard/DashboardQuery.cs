using System.Text;
using Microsoft.AspNetCore.Http;
using NetKAN.Bus.Contracts.Games;
using NetKAN.Bus.Webhooks.Api;

namespace NetKAN.Bus.Webhooks.Dashboard;

public enum SortColumn
{
    Problems,
    Id,
    Game,
    State,
    Version,
    Inflated,
    Indexed,
    Downloaded,
}

public enum ModKind
{
    All,
    Meta,
    NonMeta,
}

/// <summary>
/// The dashboard's filters and sort as GET query parameters, so the page works without JavaScript and every view has
/// a link: <c>q</c>, <c>game</c> (ksp, ksp2, all), <c>kind</c> (meta, nonmeta), <c>state</c>, <c>warnings=1</c>,
/// <c>frozen=1</c> (frozen mods are hidden otherwise), <c>sort</c>, <c>dir</c>. The script applies the same rules live.
/// </summary>
public sealed record DashboardQuery
{
    public string Text { get; init; } = "";

    /// <summary>null = every game.</summary>
    public GameId? Game { get; init; } = GameId.Ksp;

    public ModKind Kind { get; init; } = ModKind.All;

    /// <summary>A state slug (see <see cref="StateLabels"/>), or null for any state.</summary>
    public string? State { get; init; }

    public bool WarningsOnly { get; init; }

    public bool ShowFrozen { get; init; }

    public SortColumn Sort { get; init; } = SortColumn.Problems;

    public bool Descending { get; init; }

    public static DashboardQuery Default { get; } = new();

    public static DashboardQuery Parse(IQueryCollection query)
    {
        var gameText = query["game"].ToString();
        GameId? game = gameText switch
        {
            "" => GameId.Ksp,
            "all" => null,
            _ => RouteGame.Parse(gameText),
        };
        var sort = Enum.TryParse<SortColumn>(query["sort"].ToString(), ignoreCase: true, out var s) ? s : SortColumn.Problems;
        var dir = query["dir"].ToString();
        return new DashboardQuery
        {
            Text = query["q"].ToString().Trim(),
            Game = game,
            Kind = query["kind"].ToString().ToLowerInvariant() switch
            {
                "meta" => ModKind.Meta,
                "nonmeta" => ModKind.NonMeta,
                _ => ModKind.All,
            },
            State = StateLabels.FromSlug(query["state"].ToString())?.Slug,
            WarningsOnly = IsOn(query["warnings"].ToString()),
            ShowFrozen = IsOn(query["frozen"].ToString()),
            Sort = sort,
            Descending = dir == "" ? DefaultDescending(sort) : dir.Equals("desc", StringComparison.OrdinalIgnoreCase),
        };
    }

    /// <summary>Names and times start with the interesting end: A→Z and errors first, newest first.</summary>
    public static bool DefaultDescending(SortColumn column) =>
        column is SortColumn.Inflated or SortColumn.Indexed or SortColumn.Downloaded;

    public bool Matches(ModRow row) =>
        (ShowFrozen || !row.Frozen)
        && (Kind == ModKind.All || row.Meta == (Kind == ModKind.Meta))
        && (State is null || row.Label.Slug == State)
        && (!WarningsOnly || row.HasWarnings)
        && (Text.Length == 0 || row.SearchText.Contains(Text, StringComparison.OrdinalIgnoreCase));

    public IComparer<ModRow> Comparer() => new RowComparer(Sort, Descending);

    /// <summary>This view's link with some settings changed; parameters at their defaults are left out.</summary>
    public string Link(SortColumn? sort = null, bool? descending = null)
    {
        var column = sort ?? Sort;
        var desc = descending ?? Descending;
        var parts = new List<string>();
        if (Text.Length > 0)
        {
            parts.Add("q=" + Uri.EscapeDataString(Text));
        }
        if (Game != GameId.Ksp)
        {
            parts.Add("game=" + (Game?.Value ?? "all"));
        }
        if (Kind != ModKind.All)
        {
            parts.Add("kind=" + Kind.ToString().ToLowerInvariant());
        }
        if (State is not null)
        {
            parts.Add("state=" + State);
        }
        if (WarningsOnly)
        {
            parts.Add("warnings=1");
        }
        if (ShowFrozen)
        {
            parts.Add("frozen=1");
        }
        if (column != SortColumn.Problems)
        {
            parts.Add("sort=" + column.ToString().ToLowerInvariant());
        }
        if (desc != DefaultDescending(column))
        {
            parts.Add("dir=" + (desc ? "desc" : "asc"));
        }
        return parts.Count == 0 ? "/" : "/?" + string.Join("&", parts);
    }

    private static bool IsOn(string value) => value is "1" or "on" or "true";

    /// <summary>
    /// The table order. Missing values (never inflated…) go last in both directions; ties fall back to the identifier.
    /// dashboard.js compares the same keys the same way.
    /// </summary>
    private sealed class RowComparer(SortColumn column, bool descending) : IComparer<ModRow>
    {
        public int Compare(ModRow? x, ModRow? y)
        {
            var result = Primary(x!, y!);
            return result != 0 ? result : string.CompareOrdinal(Key(x!), Key(y!));
        }

        private int Primary(ModRow x, ModRow y) => column switch
        {
            SortColumn.Id => Directed(string.CompareOrdinal(Key(x), Key(y))),
            SortColumn.Game => Directed(string.CompareOrdinal(x.Game, y.Game)),
            SortColumn.State => Directed(string.CompareOrdinal(x.Label.Text, y.Label.Text)),
            SortColumn.Version => Nullable(x.VersionKey, y.VersionKey),
            SortColumn.Inflated => Nullable(x.State.LastInflated, y.State.LastInflated),
            SortColumn.Indexed => Nullable(x.State.LastIndexed, y.State.LastIndexed),
            SortColumn.Downloaded => Nullable(x.State.LastDownloaded, y.State.LastDownloaded),
            _ => Directed(x.ProblemRank != y.ProblemRank
                ? x.ProblemRank.CompareTo(y.ProblemRank)
                : string.CompareOrdinal(x.ProblemKey, y.ProblemKey)),
        };

        private int Directed(int comparison) => descending ? -comparison : comparison;

        private int Nullable(DateTimeOffset? x, DateTimeOffset? y) =>
            (x, y) switch
            {
                (null, null) => 0,
                (null, _) => 1,
                (_, null) => -1,
                _ => Directed(x.Value.CompareTo(y.Value)),
            };

        private int Nullable(string? x, string? y) =>
            (x, y) switch
            {
                (null, null) => 0,
                (null, _) => 1,
                (_, null) => -1,
                _ => Directed(string.CompareOrdinal(x, y)),
            };

        private static string Key(ModRow row) => row.SortKey;
    }
}
