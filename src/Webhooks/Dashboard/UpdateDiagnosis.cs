using NetKAN.Bus.Sagas.Health;
using NetKAN.Bus.Sagas.Status;

namespace NetKAN.Bus.Webhooks.Dashboard;

/// <summary>How much a finding explains a missing update.</summary>
public enum FindingSeverity
{
    /// <summary>This stops the mod from being updated until someone acts.</summary>
    Blocking,

    /// <summary>The update is on its way, or waits for something that will happen by itself.</summary>
    Waiting,

    /// <summary>Context: what happened last, or why nothing needed to happen.</summary>
    Info,
}

/// <param name="Code">Stable short name (tests, CSS, API): frozen, error, staged, queued, stuck, indexing, scheduler-skipped, …</param>
public sealed record DiagnosisFinding(string Code, FindingSeverity Severity, string Title, string Detail);

/// <param name="Headline">The one-sentence answer: the most important finding's title.</param>
public sealed record Diagnosis(string Headline, IReadOnlyList<DiagnosisFinding> Findings)
{
    public bool Has(string code) => Findings.Any(x => x.Code == code);
}

/// <summary>
/// Answers "why was my mod not updated?" from the mod's status row and the scheduler's recent passes — a pure function
/// of its inputs (no clock, no I/O), so every rule is tested on its own. Findings come out most important first.
/// </summary>
public sealed class UpdateDiagnosis(DashboardOptions options)
{
    /// <summary>A request recorded this long before a pass's own time still counts as made by that pass.</summary>
    public static readonly TimeSpan PassSlack = TimeSpan.FromMinutes(10);

    public Diagnosis Explain(ModState mod, IReadOnlyList<SchedulerRun> runs, DateTimeOffset now)
    {
        var findings = new List<DiagnosisFinding>();
        var gameRuns = runs.Where(x => x.Game.Value == mod.GameId).OrderByDescending(x => x.Time).ToList();

        Frozen(mod, findings);
        OpenErrors(mod, now, findings, mirroring: false);
        Staged(mod, findings);
        Queued(mod, now, findings);
        AwaitingIndexer(mod, now, findings);
        if (!mod.Frozen)
        {
            Scheduler(mod, gameRuns, now, findings);
        }
        UpToDate(mod, findings);
        Updated(mod, now, findings);
        NeverSeen(mod, findings);
        OpenErrors(mod, now, findings, mirroring: true); // context only: the metadata is indexed either way

        var ordered = findings.OrderBy(x => x.Severity).ToList();
        var headline = ordered.FirstOrDefault()?.Title ?? "Nothing on record holds this mod back.";
        return new Diagnosis(headline, ordered);
    }

    private static void Frozen(ModState mod, List<DiagnosisFinding> findings)
    {
        if (!mod.Frozen)
        {
            return;
        }
        var since = mod.History.LastOrDefault(x => x.Event == "frozen");
        var detail = "Its .netkan was renamed to .frozen" +
                     (since is null ? "" : $" ({TimeText.Utc(since.Time)}, {since.Detail})") +
                     "; frozen mods are never scheduled nor inflated. Rename it back to .netkan to bring it back.";
        if (mod.UnfreezeSuggestion is { } suggestion)
        {
            detail += $" The Auto-Freezer suggests unfreezing it: {suggestion}";
        }
        findings.Add(new DiagnosisFinding("frozen", FindingSeverity.Blocking, "It is frozen.", detail));
    }

    private static void OpenErrors(ModState mod, DateTimeOffset now, List<DiagnosisFinding> findings, bool mirroring)
    {
        var open = mod.Errors.Where(x => x.ResolvedAt is null && (x.Stage == "mirroring") == mirroring).OrderByDescending(x => x.LastSeen).ToList();
        foreach (var error in open)
        {
            // A failed mirror leaves the metadata indexed; it only concerns the archive.org copy.
            var severity = error.Stage == "mirroring" ? FindingSeverity.Info : FindingSeverity.Blocking;
            var title = error.Stage switch
            {
                "inflation" => $"Inflation has failed since {TimeText.Utc(error.FirstSeen)} ({TimeText.Ago(error.FirstSeen, now)}).",
                "indexing" => $"Indexing has failed since {TimeText.Utc(error.FirstSeen)} ({TimeText.Ago(error.FirstSeen, now)}).",
                "mirroring" => $"Mirroring to archive.org has failed since {TimeText.Utc(error.FirstSeen)}.",
                _ => $"{error.Stage} has failed since {TimeText.Utc(error.FirstSeen)}.",
            };
            var times = error.Count == 1 ? "once" : $"{error.Count} times";
            findings.Add(new DiagnosisFinding("error", severity, title,
                $"{error.Message} (seen {times}, last {TimeText.Ago(error.LastSeen, now)})"));
        }
        if (!mirroring && mod.Errors.All(x => x.ResolvedAt is not null) && !string.IsNullOrEmpty(mod.LastError))
        {
            // Rows restored from the original status table carry the last error without its history.
            findings.Add(new DiagnosisFinding("error", FindingSeverity.Blocking, "The last attempt failed.", mod.LastError));
        }
    }

    private static void Staged(ModState mod, List<DiagnosisFinding> findings)
    {
        if (mod.IndexOutcome != "Staged")
        {
            return;
        }
        var where = mod.PullRequestUrl is null ? "a staging pull request" : $"pull request {mod.PullRequestUrl}";
        var reason = string.IsNullOrWhiteSpace(mod.StagingReason) ? "" : $" Staging reason: {mod.StagingReason}";
        findings.Add(new DiagnosisFinding("staged", FindingSeverity.Waiting,
            "The new metadata waits for a maintainer to merge its pull request.",
            $"Staged {(mod.LastIndexed is { } t ? TimeText.Utc(t) : "")} in {where}; it reaches CKAN-meta when that is merged.{reason}"));
    }

    private void Queued(ModState mod, DateTimeOffset now, List<DiagnosisFinding> findings)
    {
        if (mod.LastRequested is not { } requested || (mod.LastInflated is { } inflated && inflated >= requested))
        {
            return;
        }
        var waited = now - requested;
        var source = mod.LastRequestSource is null ? "" : $" by {mod.LastRequestSource}";
        if (waited > options.QueuedTooLongAfter)
        {
            findings.Add(new DiagnosisFinding("stuck", FindingSeverity.Blocking,
                $"It has been queued for {TimeText.Span(waited)} without an inflation result.",
                $"Requested{source} at {TimeText.Utc(requested)}; the Inflator has not answered. Check the inflation queue's depth and dead letters, and the Inflator's log."));
        }
        else
        {
            findings.Add(new DiagnosisFinding("queued", FindingSeverity.Waiting,
                $"It is queued for inflation since {TimeText.Ago(requested, now)}.",
                $"Requested{source} at {TimeText.Utc(requested)}; the result follows when the Inflator reaches it."));
        }
    }

    private static void AwaitingIndexer(ModState mod, DateTimeOffset now, List<DiagnosisFinding> findings)
    {
        if (mod.CurrentState != "Inflated" || mod.LastInflated is not { } inflated)
        {
            return;
        }
        findings.Add(new DiagnosisFinding("indexing", FindingSeverity.Waiting,
            "It was inflated; the Indexer has not handled the result yet.",
            $"Inflated {TimeText.Ago(inflated, now)} ({TimeText.Utc(inflated)}){(mod.ModVersion is null ? "" : $" as {mod.ModVersion}")}."));
    }

    private void Scheduler(ModState mod, IReadOnlyList<SchedulerRun> runs, DateTimeOffset now, List<DiagnosisFinding> findings)
    {
        var latest = runs.FirstOrDefault();
        if (latest is null)
        {
            findings.Add(new DiagnosisFinding("scheduler-none", FindingSeverity.Info,
                "No scheduling pass has been recorded for this game.",
                "Mods are re-checked only by webhooks until the scheduler runs."));
            return;
        }
        if (latest.Skipped)
        {
            findings.Add(new DiagnosisFinding("scheduler-skipped", FindingSeverity.Waiting,
                $"The last scheduling pass ({TimeText.Ago(latest.Time, now)}) was skipped.",
                $"The {latest.Group} pass at {TimeText.Utc(latest.Time)} sent nothing: {latest.Reason ?? "no reason recorded"}."));
        }
        else if (now - latest.Time > options.SchedulerLateAfter)
        {
            findings.Add(new DiagnosisFinding("scheduler-late", FindingSeverity.Blocking,
                $"The scheduler has not run for {TimeText.Span(now - latest.Time)}.",
                $"Its last pass ({latest.Group}) was at {TimeText.Utc(latest.Time)}; check the scheduler's schedule and log."));
        }

        // A regular pass sends every mod except the hook-only ones; a mod it did not request is most likely hook-only.
        var regular = runs.FirstOrDefault(x => !x.Skipped && IsGroup(x, "nonhooks", "all"));
        if (regular is not null && !IsGroup(regular, "all") && RequestedBefore(mod, regular.Time - PassSlack))
        {
            var daily = runs.FirstOrDefault(x => !x.Skipped && IsGroup(x, "webhooks", "all"));
            var dailyText = daily is null ? "no daily pass is on record" : $"the last daily pass was {TimeText.Ago(daily.Time, now)}";
            findings.Add(new DiagnosisFinding("hook-only", FindingSeverity.Info,
                "It is probably a hook-only mod, checked once a day.",
                $"The regular pass at {TimeText.Utc(regular.Time)} did not request it. Hook-only mods (SpaceDock $kref without $vref) " +
                $"are inflated when SpaceDock calls the webhook and by the daily pass; {dailyText}."));
        }
    }

    private static void UpToDate(ModState mod, List<DiagnosisFinding> findings)
    {
        if (mod.IndexOutcome != "Unchanged" || !mod.Success || mod.CurrentState is "Inflated" or "Requested")
        {
            return;
        }
        var version = mod.ModVersion is null ? "the indexed version" : mod.ModVersion;
        var released = mod.ReleaseDate is { } r ? $", released upstream {TimeText.Utc(r)}" : "";
        findings.Add(new DiagnosisFinding("up-to-date", FindingSeverity.Info,
            "There is no upstream release newer than the indexed one.",
            $"The last inflation{(mod.LastInflated is { } t ? $" ({TimeText.Utc(t)})" : "")} produced the same metadata as CKAN-meta already has: {version}{released}."));
    }

    private static void Updated(ModState mod, DateTimeOffset now, List<DiagnosisFinding> findings)
    {
        if (mod.IndexOutcome is not ("Added" or "Updated") || mod.LastIndexed is not { } indexed)
        {
            return;
        }
        findings.Add(new DiagnosisFinding("updated", FindingSeverity.Info,
            $"Its last update reached CKAN-meta {TimeText.Ago(indexed, now)}.",
            $"{mod.CkanFile ?? mod.ModVersion ?? "The new metadata"} was committed to CKAN-meta at {TimeText.Utc(indexed)}" +
            (mod.Commit is null ? "." : $" ({mod.Commit[..Math.Min(7, mod.Commit.Length)]}).")));
    }

    private static void NeverSeen(ModState mod, List<DiagnosisFinding> findings)
    {
        if (mod.LastRequested is null && mod.LastInflated is null && !mod.Frozen)
        {
            findings.Add(new DiagnosisFinding("never-requested", FindingSeverity.Info,
                "No inflation of it is on record.",
                "Nothing has requested it since the status began; the next scheduling pass or webhook will."));
        }
    }

    private static bool RequestedBefore(ModState mod, DateTimeOffset time) => mod.LastRequested is not { } r || r < time;

    private static bool IsGroup(SchedulerRun run, params string[] groups) =>
        groups.Any(g => string.Equals(run.Group, g, StringComparison.OrdinalIgnoreCase));
}
