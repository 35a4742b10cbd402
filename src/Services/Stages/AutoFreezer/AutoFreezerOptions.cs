namespace NetKAN.Bus.Services.AutoFreezer;

/// <summary>Section <c>AutoFreezer</c>.</summary>
public sealed class AutoFreezerOptions
{
    public const string Section = "AutoFreezer";

    /// <summary><c>AutoFreezer:DaysLimit</c>: a mod whose last release is older than this many days is idle.</summary>
    public int DaysLimit { get; set; } = 1000;

    /// <summary><c>AutoFreezer:DaysTillIgnore</c>: mods idle for longer than DaysLimit + this were proposed on earlier
    /// runs (and kept active by a human): they are not proposed again.</summary>
    public int DaysTillIgnore { get; set; } = 21;

    /// <summary><c>AutoFreezer:FallBackToLastIndexed</c>: a mod without a release date counts as idle from its last
    /// indexed commit (default true). The original never proposes such mods (its fallback never fires); set false for
    /// that behaviour. Kept on because a mod whose host gives no dates would otherwise never be proposed.</summary>
    public bool FallBackToLastIndexed { get; set; } = true;

    /// <summary><c>AutoFreezer:Cron</c>: when the weekly run happens (UTC). Default Mondays 05:00.</summary>
    public string Cron { get; set; } = "0 5 * * 1";

    /// <summary><c>AutoFreezer:RunOnSchedule</c>: false for a process that runs only on demand (the CLI).</summary>
    public bool RunOnSchedule { get; set; } = true;

    /// <summary><c>AutoFreezer:Branch</c>: the branch the freeze commits go to (reused while its pull request is open).</summary>
    public string Branch { get; set; } = "freeze/auto";

    /// <summary><c>AutoFreezer:Labels</c>: labels of the pull request.</summary>
    public List<string> Labels { get; set; } = ["Pull request", "Freeze", "Needs looking into"];

    /// <summary><c>AutoFreezer:SuggestUnfreezing</c>: look for new upstream releases of frozen mods.</summary>
    public bool SuggestUnfreezing { get; set; } = true;

    /// <summary><c>AutoFreezer:GitHubReposPerQuery</c>: repositories per GraphQL query of the unfreeze check.</summary>
    public int GitHubReposPerQuery { get; set; } = 50;

    /// <summary><c>AutoFreezer:SpaceDockParallelism</c>: SpaceDock API requests in flight during the unfreeze check.</summary>
    public int SpaceDockParallelism { get; set; } = 4;
}
