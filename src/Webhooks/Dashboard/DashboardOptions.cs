using NetKAN.Bus.Contracts.Games;

namespace NetKAN.Bus.Webhooks.Dashboard;

/// <summary>Configuration section <c>Dashboard</c>.</summary>
public sealed class DashboardOptions
{
    public const string Section = "Dashboard";

    /// <summary>How long one read of the status store (and the pages rendered from it) is served before reading again.</summary>
    public double CacheSeconds { get; set; } = 5;

    /// <summary>The health banner warns when the newest inflation result of a game is older than this.</summary>
    public TimeSpan StaleAfter { get; set; } = TimeSpan.FromHours(2);

    /// <summary>A mod queued longer than this is reported as stuck rather than waiting.</summary>
    public TimeSpan QueuedTooLongAfter { get; set; } = TimeSpan.FromHours(1);

    /// <summary>The scheduler is reported late when its last pass of a game is older than this.</summary>
    public TimeSpan SchedulerLateAfter { get; set; } = TimeSpan.FromHours(2);

    /// <summary><c>Dashboard:RefreshSeconds</c>: how often an open dashboard reloads its rows in place (NetKAN-status
    /// polls every 5 minutes); 0 turns it off.</summary>
    public int RefreshSeconds { get; set; } = 300;

    /// <summary>Repository links per game id (defaults: the KSP-CKAN repositories, as the original status page).</summary>
    public Dictionary<string, GameLinks> Links { get; set; } = new(StringComparer.OrdinalIgnoreCase);

    public GameLinks LinksFor(GameId game) =>
        Links.TryGetValue(game.Value, out var links) ? links : GameLinks.Default(game);
}

/// <summary>Where a game's NetKAN and CKAN-meta repositories are browsed (the original page's link templates).</summary>
public sealed class GameLinks
{
    public string NetKan { get; set; } = "https://github.com/KSP-CKAN/NetKAN";
    public string NetKanBranch { get; set; } = "master";
    public string CkanMeta { get; set; } = "https://github.com/KSP-CKAN/CKAN-meta";
    public string CkanMetaBranch { get; set; } = "master";

    public static GameLinks Default(GameId game) => game == GameId.Ksp2
        ? new GameLinks
        {
            NetKan = "https://github.com/KSP-CKAN/KSP2-NetKAN", NetKanBranch = "main",
            CkanMeta = "https://github.com/KSP-CKAN/KSP2-CKAN-meta", CkanMetaBranch = "main",
        }
        : new GameLinks();

    public string Netkan(string identifier, bool frozen) =>
        $"{NetKan.TrimEnd('/')}/tree/{NetKanBranch}/NetKAN/{Uri.EscapeDataString(identifier)}.{(frozen ? "frozen" : "netkan")}";

    public string NetkanHistory(string identifier, bool frozen) =>
        $"{NetKan.TrimEnd('/')}/commits/{NetKanBranch}/NetKAN/{Uri.EscapeDataString(identifier)}.{(frozen ? "frozen" : "netkan")}";

    public string Metadata(string identifier) =>
        $"{CkanMeta.TrimEnd('/')}/tree/{CkanMetaBranch}/{Uri.EscapeDataString(identifier)}";
}
