using NetKAN.Bus.Contracts.Games;
using NetKAN.Bus.Sagas.Health;
using NetKAN.Bus.Sagas.Status;
using NetKAN.Bus.Webhooks.Dashboard;

namespace NetKAN.Bus.Webhooks.Tests;

public sealed class UpdateDiagnosisTests
{
    private static readonly DateTimeOffset Now = new(2026, 8, 1, 12, 0, 0, TimeSpan.Zero);
    private static readonly UpdateDiagnosis Diagnosis = new(new DashboardOptions());

    /// <summary>The regular pass 10 minutes ago and the daily one 20 hours ago, both run.</summary>
    private static readonly SchedulerRun[] HealthyRuns =
    [
        new(GameId.Ksp, Now.AddMinutes(-10), "nonhooks", false, null, 1400),
        new(GameId.Ksp, Now.AddHours(-20), "webhooks", false, null, 150),
    ];

    /// <summary>A mod the last regular pass requested and found unchanged.</summary>
    private static ModState UpToDate() => new()
    {
        Identifier = "Astrogator",
        GameId = "ksp",
        CurrentState = "Unchanged",
        Success = true,
        LastRequested = Now.AddMinutes(-11),
        LastRequestSource = "scheduler",
        LastInflated = Now.AddMinutes(-10),
        LastIndexed = Now.AddDays(-40),
        IndexOutcome = "Unchanged",
        ModVersion = "v1.0.0",
        ReleaseDate = Now.AddDays(-41),
    };

    [Fact]
    public void An_unchanged_mod_has_no_newer_upstream_release()
    {
        var result = Diagnosis.Explain(UpToDate(), HealthyRuns, Now);

        Assert.Equal("There is no upstream release newer than the indexed one.", result.Headline);
        var finding = Assert.Single(result.Findings);
        Assert.Equal("up-to-date", finding.Code);
        Assert.Contains("v1.0.0, released upstream 2026-06-21 12:00 UTC", finding.Detail);
    }

    [Fact]
    public void A_frozen_mod_says_so_first_with_when_and_by_what_and_any_unfreeze_suggestion()
    {
        var mod = UpToDate();
        mod.Frozen = true;
        mod.CurrentState = "Frozen";
        mod.UnfreezeSuggestion = "new release v2.0 on GitHub";
        mod.History.Add(new HistoryEntry { Time = Now.AddDays(-30), Event = "frozen", Detail = "GitHub push 3f2a9c1" });

        var result = Diagnosis.Explain(mod, HealthyRuns, Now);

        Assert.Equal("It is frozen.", result.Headline);
        Assert.Equal(FindingSeverity.Blocking, result.Findings[0].Severity);
        Assert.Contains("2026-07-02 12:00 UTC, GitHub push 3f2a9c1", result.Findings[0].Detail);
        Assert.Contains("suggests unfreezing it: new release v2.0 on GitHub", result.Findings[0].Detail);
        Assert.False(result.Has("hook-only")); // a frozen mod is not scheduled, so not being requested says nothing
    }

    [Fact]
    public void A_failing_mod_says_since_when_how_often_and_what()
    {
        var mod = UpToDate();
        mod.CurrentState = "InflationFailedState";
        mod.Success = false;
        mod.LastError = "Could not find any matching asset";
        mod.Errors.Add(new ErrorRecord
        {
            Stage = "inflation", Message = "Could not find any matching asset", FirstSeen = Now.AddDays(-3), LastSeen = Now.AddMinutes(-10), Count = 144,
        });

        var result = Diagnosis.Explain(mod, HealthyRuns, Now);

        Assert.Equal("Inflation has failed since 2026-07-29 12:00 UTC (3 days ago).", result.Headline);
        var error = result.Findings[0];
        Assert.Equal(("error", FindingSeverity.Blocking), (error.Code, error.Severity));
        Assert.Equal("Could not find any matching asset (seen 144 times, last 10 min ago)", error.Detail);
    }

    [Fact]
    public void Resolved_errors_are_history_and_a_mirror_failure_does_not_block_the_update()
    {
        var mod = UpToDate();
        mod.Errors.Add(new ErrorRecord { Stage = "inflation", Message = "old", FirstSeen = Now.AddDays(-9), LastSeen = Now.AddDays(-8), Count = 2, ResolvedAt = Now.AddDays(-7) });
        mod.Errors.Add(new ErrorRecord { Stage = "mirroring", Message = "archive.org 503", FirstSeen = Now.AddHours(-1), LastSeen = Now.AddHours(-1), Count = 1 });

        var result = Diagnosis.Explain(mod, HealthyRuns, Now);

        Assert.DoesNotContain(result.Findings, x => x.Detail.Contains("old"));
        var mirror = Assert.Single(result.Findings, x => x.Code == "error");
        Assert.Equal(FindingSeverity.Info, mirror.Severity);
        Assert.Equal("There is no upstream release newer than the indexed one.", result.Headline);
    }

    [Fact]
    public void A_staged_mod_waits_for_its_pull_request()
    {
        var mod = UpToDate();
        mod.CurrentState = "Staged";
        mod.IndexOutcome = "Staged";
        mod.Staged = true;
        mod.LastIndexed = Now.AddMinutes(-9);
        mod.StagingReason = "License changed";
        mod.PullRequestUrl = "https://github.com/KSP-CKAN/CKAN-meta/pull/3141";

        var result = Diagnosis.Explain(mod, HealthyRuns, Now);

        Assert.Equal("The new metadata waits for a maintainer to merge its pull request.", result.Headline);
        Assert.Contains("pull request https://github.com/KSP-CKAN/CKAN-meta/pull/3141", result.Findings[0].Detail);
        Assert.Contains("Staging reason: License changed", result.Findings[0].Detail);
        Assert.False(result.Has("up-to-date"));
    }

    [Fact]
    public void A_request_newer_than_the_last_inflation_is_queued_and_becomes_stuck_after_an_hour()
    {
        var queued = UpToDate();
        queued.LastRequested = Now.AddMinutes(-4);
        queued.LastRequestSource = "GitHub release";
        queued.CurrentState = "Requested";
        var stuck = UpToDate();
        stuck.LastRequested = Now.AddHours(-5);
        stuck.LastInflated = Now.AddDays(-2);
        stuck.CurrentState = "Requested";

        var waiting = Diagnosis.Explain(queued, HealthyRuns, Now);
        var blocked = Diagnosis.Explain(stuck, HealthyRuns, Now);

        Assert.Equal("It is queued for inflation since 4 min ago.", waiting.Headline);
        Assert.Contains("Requested by GitHub release at 2026-08-01 11:56 UTC", waiting.Findings[0].Detail);
        Assert.Equal("It has been queued for 5 h without an inflation result.", blocked.Headline);
        Assert.Equal(FindingSeverity.Blocking, blocked.Findings[0].Severity);
    }

    [Fact]
    public void An_inflated_mod_waits_for_the_Indexer()
    {
        var mod = UpToDate();
        mod.CurrentState = "Inflated";
        mod.ModVersion = "v1.1.0";

        var result = Diagnosis.Explain(mod, HealthyRuns, Now);

        Assert.Equal("It was inflated; the Indexer has not handled the result yet.", result.Headline);
        Assert.False(result.Has("up-to-date"));
    }

    [Fact]
    public void A_skipped_pass_says_why_and_a_late_scheduler_blocks()
    {
        SchedulerRun[] skipped = [new(GameId.Ksp, Now.AddMinutes(-5), "nonhooks", true, "GitHub API rate limit remaining 900 below 1500", 0)];
        SchedulerRun[] late = [new(GameId.Ksp, Now.AddHours(-7), "nonhooks", false, null, 1400)];
        var mod = UpToDate();
        mod.LastRequested = Now.AddHours(-8);
        mod.LastInflated = Now.AddHours(-8);

        var whySkipped = Diagnosis.Explain(mod, skipped, Now);
        var whyLate = Diagnosis.Explain(mod, late, Now);

        var finding = Assert.Single(whySkipped.Findings, x => x.Code == "scheduler-skipped");
        Assert.Equal("The nonhooks pass at 2026-08-01 11:55 UTC sent nothing: GitHub API rate limit remaining 900 below 1500.", finding.Detail);
        Assert.Equal("The scheduler has not run for 7 h.", whyLate.Headline);
    }

    [Fact]
    public void Runs_of_another_game_do_not_count_and_no_run_at_all_is_mentioned()
    {
        SchedulerRun[] ksp2Only = [new(GameId.Ksp2, Now.AddMinutes(-5), "nonhooks", true, "queue full", 0)];

        var result = Diagnosis.Explain(UpToDate(), ksp2Only, Now);

        Assert.True(result.Has("scheduler-none"));
        Assert.False(result.Has("scheduler-skipped"));
    }

    [Fact]
    public void A_mod_the_regular_pass_did_not_request_is_probably_hook_only()
    {
        var mod = UpToDate();
        mod.LastRequested = Now.AddHours(-20).AddMinutes(-1);
        mod.LastInflated = Now.AddHours(-20);

        var result = Diagnosis.Explain(mod, HealthyRuns, Now);
        var requestedByThePass = Diagnosis.Explain(UpToDate(), HealthyRuns, Now);
        var allGroup = Diagnosis.Explain(mod, [new(GameId.Ksp, Now.AddMinutes(-10), "all", false, null, 1600)], Now);

        var hook = Assert.Single(result.Findings, x => x.Code == "hook-only");
        Assert.Contains("the last daily pass was 20 h ago", hook.Detail);
        Assert.False(requestedByThePass.Has("hook-only"));
        Assert.False(allGroup.Has("hook-only")); // an "all" pass sends hook-only mods too
    }

    [Fact]
    public void A_recent_update_and_a_mod_never_requested_are_explained()
    {
        var updated = UpToDate();
        updated.IndexOutcome = "Updated";
        updated.CurrentState = "Indexed";
        updated.LastIndexed = Now.AddMinutes(-9);
        updated.CkanFile = "Astrogator-v1.1.0.ckan";
        updated.Commit = "0123456789abcdef";
        var unseen = new ModState { Identifier = "NewMod", GameId = "ksp", CurrentState = "Initial" };

        var updatedResult = Diagnosis.Explain(updated, HealthyRuns, Now);
        var unseenResult = Diagnosis.Explain(unseen, HealthyRuns, Now);

        Assert.Equal("Its last update reached CKAN-meta 9 min ago.", updatedResult.Headline);
        Assert.Contains("Astrogator-v1.1.0.ckan was committed to CKAN-meta at 2026-08-01 11:51 UTC (0123456).", updatedResult.Findings[0].Detail);
        Assert.True(unseenResult.Has("never-requested"));
    }

    [Fact]
    public void Findings_come_blocking_first_then_waiting_then_info()
    {
        var mod = UpToDate();
        mod.IndexOutcome = "Staged";
        mod.CurrentState = "Staged";
        mod.Errors.Add(new ErrorRecord { Stage = "indexing", Message = "push rejected", FirstSeen = Now.AddHours(-2), LastSeen = Now.AddHours(-1), Count = 2 });
        mod.Errors.Add(new ErrorRecord { Stage = "mirroring", Message = "archive.org 503", FirstSeen = Now.AddHours(-1), LastSeen = Now.AddHours(-1), Count = 1 });

        var result = Diagnosis.Explain(mod, HealthyRuns, Now);

        Assert.Equal(result.Findings.OrderBy(x => x.Severity).Select(x => x.Code), result.Findings.Select(x => x.Code));
        Assert.StartsWith("Indexing has failed since", result.Headline);
    }
}
