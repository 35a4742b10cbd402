using NetKAN.Bus.Contracts.Lifecycle;
using NetKAN.Bus.Contracts.Games;
using NetKAN.Bus.Sagas.Health;
using NetKAN.Bus.Sagas.Recording;

namespace NetKAN.Bus.Services.Seeding;

/// <summary>
/// Realistic made-up status for the dashboard (demo, browser test, load figures): mods in every situation the page
/// has to explain — updated, unchanged, failing for days, with warnings, frozen, staged behind a pull request, queued,
/// stuck, metanetkans, mirror and indexing failures, hook-only, KSP2 — recorded through the real lifecycle
/// (<see cref="IModLifecycle"/>), so the rows are exactly what the stages would leave. Deterministic for a given count.
/// </summary>
public sealed class StatusSeed(IModLifecycle lifecycle, ISchedulerRunLog runs, TimeProvider time)
{
    /// <summary>What each mod index gets, in a cycle; tests pick mods by scenario.</summary>
    public enum Scenario
    {
        Updated,
        Unchanged,
        InflationFailing,
        Warnings,
        Frozen,
        Staged,
        Queued,
        Metanetkan,
        MirrorFailed,
        IndexingFailed,
        Ksp2,
        Stuck,
        HookOnly,
    }

    public static readonly string[] Names =
    [
        "Astrogator", "KerbalEngineerRedux", "MechJeb2", "Kopernicus", "ScienceAlert", "DogeCoinFlag", "RealChute", "KIS",
        "KAS", "TweakScale", "Scatterer", "EnvironmentalVisualEnhancements", "Trajectories", "KerbalAlarmClock",
        "TACLifeSupport", "NearFutureElectrical", "NearFutureSolar", "B9PartSwitch", "Waterfall", "RasterPropMonitor",
        "SCANsat", "FerramAerospaceResearch", "DockingPortAlignmentIndicator", "BetterTimeWarp", "Chatterer",
        "CommunityTechTree", "ContractConfigurator", "DistantObject", "HyperEdit", "KerbalJointReinforcement",
        "KerbalKonstructs", "Parallax", "PersistentRotation", "ProceduralFairings", "RCSBuildAid", "StageRecovery",
        "TransferWindowPlanner", "KSPCommunityFixes", "ClickThroughBlocker", "ToolbarController",
    ];

    private static readonly string[] InflationErrors =
    [
        "Could not find any matching asset for release v2.4.1 (asset_match: \\.zip$)",
        "GitHub API rate limit exceeded for installation; the limit resets in 38 minutes",
        "Remote server returned 404 Not Found for https://spacedock.info/api/mod/1234",
        "Error during validation: ksp_version_max 1.12 is lower than ksp_version_min 1.12.5",
        "Invalid netkan: $kref '#/ckan/github/Owner' must be #/ckan/github/<owner>/<repo>",
    ];

    private static readonly string[] WarningTexts =
    [
        "Tags not found: consider adding tags to the netkan",
        "License mismatch: the netkan says MIT, the repository says GPL-3.0",
        "Unbounded ksp_version_max: the mod claims to work with every future game version",
        "Installs to GameData/ but has no .version file for $vref",
    ];

    public async Task<int> SeedAsync(int mods, CancellationToken cancellationToken)
    {
        var now = time.GetUtcNow();
        var pass = now.AddMinutes(-12); // the last regular scheduling pass
        await runs.RecordAsync(new SchedulerRun(GameId.Ksp, now.AddHours(-20), "webhooks", false, null, mods / 10, 3, 4200), cancellationToken);
        await runs.RecordAsync(new SchedulerRun(GameId.Ksp, pass, "nonhooks", false, null, mods * 9 / 10, 0, 4850), cancellationToken);
        await runs.RecordAsync(new SchedulerRun(GameId.Ksp2, now.AddMinutes(-5), "nonhooks", true,
            "the inflation queue InboundKsp2.fifo holds 2,140 messages (more than 2,000)", 0, 2140), cancellationToken);

        await Parallel.ForEachAsync(Enumerable.Range(0, mods), new ParallelOptions { MaxDegreeOfParallelism = 8, CancellationToken = cancellationToken },
            async (index, ct) =>
            {
                foreach (var e in EventsFor(index, now, pass))
                {
                    await lifecycle.RecordAsync(e, ct);
                }
            });
        return mods;
    }

    public static Scenario ScenarioOf(int index) => (Scenario)(index % Enum.GetValues<Scenario>().Length);

    public static string NameOf(int index) =>
        index < Names.Length ? Names[index] : $"{Names[index % Names.Length]}-Extras{index / Names.Length:D3}";

    public static GameId GameOf(int index) => ScenarioOf(index) == Scenario.Ksp2 ? GameId.Ksp2 : GameId.Ksp;

    public static IEnumerable<IModEvent> EventsFor(int index, DateTimeOffset now, DateTimeOffset pass)
    {
        var random = new Random(index * 7919 + 17);
        var id = NameOf(index);
        var scenario = ScenarioOf(index);
        var game = GameOf(index);
        var version = $"{random.Next(0, 4)}.{random.Next(0, 20)}.{random.Next(0, 10)}";
        var older = $"{version}-pre";
        var firstIndexed = now.AddDays(-random.Next(2, 900)).AddMinutes(-random.Next(0, 1440));
        var requested = pass.AddSeconds(-random.Next(30, 110));
        var inflated = requested.AddSeconds(random.Next(4, 90));
        var resources = Resources(id, index, scenario);
        var release = now.AddDays(-random.Next(0, 30)).AddMinutes(-random.Next(0, 1440));

        IEnumerable<IModEvent> FirstRelease() =>
        [
            new InflationRequested(game, id, firstIndexed.AddSeconds(-40), "scheduler"),
            new InflationSucceeded(game, id, firstIndexed.AddSeconds(-3), older, $"{id}-{older}.ckan", null, false, null,
                firstIndexed.AddDays(-1), resources, firstIndexed.AddSeconds(-5)),
            new ModIndexed(game, id, firstIndexed, IndexOutcome.Added, $"{id}-{older}.ckan", Sha(index, 1)),
        ];

        IModEvent Succeeded(DateTimeOffset at, string v, IReadOnlyList<string>? warnings = null, bool staged = false, string? reason = null) =>
            new InflationSucceeded(game, id, at, v, $"{id}-{v}.ckan", warnings, staged, reason, release, resources, release.AddHours(2));

        var events = new List<IModEvent>();
        switch (scenario)
        {
            case Scenario.Updated:
            case Scenario.Metanetkan:
            case Scenario.Ksp2:
                events.AddRange(FirstRelease());
                events.Add(new InflationRequested(game, id, requested, "scheduler"));
                events.Add(Succeeded(inflated, version));
                events.Add(new ModIndexed(game, id, inflated.AddSeconds(3), IndexOutcome.Updated, $"{id}-{version}.ckan", Sha(index, 2)));
                events.Add(new ModMirrored(game, id, inflated.AddSeconds(95), $"{id}-{version}"));
                break;
            case Scenario.Unchanged:
                events.AddRange(FirstRelease());
                events.Add(new InflationRequested(game, id, requested, "scheduler"));
                events.Add(Succeeded(inflated, older));
                events.Add(new ModIndexed(game, id, inflated.AddSeconds(2), IndexOutcome.Unchanged, $"{id}-{older}.ckan"));
                break;
            case Scenario.Warnings:
                events.AddRange(FirstRelease());
                events.Add(new InflationRequested(game, id, requested, "scheduler"));
                events.Add(Succeeded(inflated, older, [WarningTexts[index % WarningTexts.Length], WarningTexts[(index + 1) % WarningTexts.Length]]));
                events.Add(new ModIndexed(game, id, inflated.AddSeconds(2), IndexOutcome.Unchanged, $"{id}-{older}.ckan"));
                break;
            case Scenario.InflationFailing:
                events.AddRange(FirstRelease());
                var error = InflationErrors[index / Enum.GetValues<Scenario>().Length % InflationErrors.Length];
                var since = firstIndexed + (pass - firstIndexed) * (0.3 + 0.6 * random.NextDouble()); // failing since after the last good release
                events.Add(new InflationRequested(game, id, since.AddSeconds(-50), "scheduler"));
                events.Add(new InflationFailed(game, id, since, error));
                events.Add(new InflationRequested(game, id, requested, "scheduler"));
                events.Add(new InflationFailed(game, id, inflated, error));
                break;
            case Scenario.Frozen:
                events.AddRange(FirstRelease());
                events.Add(new ModFrozen(game, id, now.AddDays(-random.Next(30, 400)), "GitHub push 3f2a9c1"));
                break;
            case Scenario.Staged:
                events.AddRange(FirstRelease());
                events.Add(new InflationRequested(game, id, requested, "scheduler"));
                events.Add(Succeeded(inflated, version, null, true, "Module has a new license: GPL-3.0 (was MIT)"));
                events.Add(new ModIndexed(game, id, inflated.AddSeconds(6), IndexOutcome.Staged, $"{id}-{version}.ckan", Sha(index, 2),
                    $"https://github.com/KSP-CKAN/CKAN-meta/pull/{3000 + index}"));
                break;
            case Scenario.Queued:
                events.AddRange(FirstRelease());
                events.Add(new InflationRequested(game, id, requested, "scheduler"));
                events.Add(Succeeded(inflated, older));
                events.Add(new ModIndexed(game, id, inflated.AddSeconds(2), IndexOutcome.Unchanged, $"{id}-{older}.ckan"));
                events.Add(new InflationRequested(game, id, now.AddMinutes(-3), "GitHub release"));
                break;
            case Scenario.MirrorFailed:
                events.AddRange(FirstRelease());
                events.Add(new InflationRequested(game, id, requested, "scheduler"));
                events.Add(Succeeded(inflated, version));
                events.Add(new ModIndexed(game, id, inflated.AddSeconds(3), IndexOutcome.Updated, $"{id}-{version}.ckan", Sha(index, 2)));
                events.Add(new MirrorFailed(game, id, inflated.AddSeconds(80), "archive.org answered 503 SlowDown: the item is being processed"));
                break;
            case Scenario.IndexingFailed:
                events.AddRange(FirstRelease());
                events.Add(new InflationRequested(game, id, requested, "scheduler"));
                events.Add(Succeeded(inflated, version));
                events.Add(new IndexingFailed(game, id, inflated.AddSeconds(4), "git push to CKAN-meta rejected: non-fast-forward (another commit landed first)"));
                break;
            case Scenario.Stuck:
                events.AddRange(FirstRelease());
                events.Add(new InflationRequested(game, id, now.AddHours(-5).AddMinutes(-random.Next(0, 50)), "webhook /inflate"));
                break;
            case Scenario.HookOnly:
                events.AddRange(FirstRelease());
                var daily = now.AddHours(-20).AddSeconds(-random.Next(10, 90));
                events.Add(new InflationRequested(game, id, daily, "scheduler"));
                events.Add(Succeeded(daily.AddSeconds(20), older));
                events.Add(new ModIndexed(game, id, daily.AddSeconds(22), IndexOutcome.Unchanged, $"{id}-{older}.ckan"));
                break;
        }
        return events;
    }

    private static Dictionary<string, string> Resources(string id, int index, Scenario scenario)
    {
        var resources = new Dictionary<string, string>(StringComparer.Ordinal)
        {
            ["homepage"] = $"https://forum.kerbalspaceprogram.com/topic/{150000 + index}-{id.ToLowerInvariant()}/",
            ["repository"] = $"https://github.com/ModAuthor{index % 97}/{id}",
            ["bugtracker"] = $"https://github.com/ModAuthor{index % 97}/{id}/issues",
        };
        if (scenario is Scenario.HookOnly or Scenario.Unchanged)
        {
            resources["spacedock"] = $"https://spacedock.info/mod/{1000 + index}/{id}";
        }
        if (scenario == Scenario.Metanetkan)
        {
            resources["metanetkan"] = $"https://raw.githubusercontent.com/ModAuthor{index % 97}/{id}/main/{id}.netkan";
        }
        return resources;
    }

    private static string Sha(int index, int n) => Convert.ToHexStringLower(BitConverter.GetBytes((long)index * 1_000_003 + n)).PadRight(40, 'a');
}
