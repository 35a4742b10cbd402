using NetKAN.Bus.Services.ModCatalog;
namespace NetKAN.Bus.Services.Scheduler;

/// <summary>Section <c>Scheduler</c>.</summary>
public sealed class SchedulerOptions
{
    public const string Section = "Scheduler";

    /// <summary><c>Scheduler:Cron</c>: when the regular pass (the nonhooks group) runs, in UTC. Default every 30 minutes.</summary>
    public string Cron { get; set; } = "*/30 * * * *";

    /// <summary><c>Scheduler:WebhooksCron</c>: when the pass over the webhooks group (SpaceDock mods without $vref) runs.
    /// Default daily at 00:00 UTC.</summary>
    public string WebhooksCron { get; set; } = "0 0 * * *";

    /// <summary><c>Scheduler:MaxQueued</c>: skip a regular pass when the inflation queue holds more messages than this.</summary>
    public int MaxQueued { get; set; } = 20;

    /// <summary><c>Scheduler:WebhooksMaxQueued</c>: the same for the webhooks pass (the original ran it with 2000).</summary>
    public int WebhooksMaxQueued { get; set; } = 2000;

    /// <summary><c>Scheduler:MinGitHubRemaining</c>: skip a pass when fewer GitHub API requests remain (0 = don't ask GitHub).</summary>
    public int MinGitHubRemaining { get; set; } = 1500;

    /// <summary><c>Scheduler:RunOnSchedule</c>: false for a process that only runs passes on demand (the CLI).</summary>
    public bool RunOnSchedule { get; set; } = true;
}

/// <summary>Which netkans a pass schedules.</summary>
public enum SchedulerGroup
{
    /// <summary>Everything except SpaceDock mods without $vref (the 30-minute pass).</summary>
    NonHooks,

    /// <summary>Only SpaceDock mods without $vref (refreshed by SpaceDock's webhook; a daily pass catches misses).</summary>
    Webhooks,

    All,
}

public static class SchedulerGroups
{
    public static string Name(this SchedulerGroup group) => group switch
    {
        SchedulerGroup.NonHooks => "nonhooks",
        SchedulerGroup.Webhooks => "webhooks",
        _ => "all",
    };

    public static SchedulerGroup Parse(string text) => text.Trim().ToLowerInvariant() switch
    {
        "nonhooks" => SchedulerGroup.NonHooks,
        "webhooks" => SchedulerGroup.Webhooks,
        "all" => SchedulerGroup.All,
        _ => throw new ArgumentException($"Unknown scheduler group '{text}'; use nonhooks, webhooks or all."),
    };

    public static bool Includes(this SchedulerGroup group, ActiveNetkan netkan) => group switch
    {
        SchedulerGroup.NonHooks => !netkan.IsHookOnly,
        SchedulerGroup.Webhooks => netkan.IsHookOnly,
        _ => true,
    };
}
