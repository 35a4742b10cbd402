using System.Globalization;
using NetKAN.Bus.Contracts.Lifecycle;
using NetKAN.Bus.Sagas.Status;

namespace NetKAN.Bus.Sagas.Lifecycle;

/// <summary>
/// The orchestration rules on a status row, as pure functions (testable without a bus): which stage results a mod
/// awaits and by when, what a passed deadline does, when a mirror is needed, and when scheduling backs off.
/// </summary>
public sealed class LifecycleRules(LifecycleOptions options)
{
    public LifecycleOptions Options => options;

    /// <summary>Starts waiting for a stage; an earlier unanswered wait for the same thing keeps its start and deadline.</summary>
    public void Await(ModState state, string stage, DateTimeOffset now, string? detail = null)
    {
        if (state.Awaiting.Any(x => x.Stage == stage && x.Detail == detail))
        {
            return;
        }
        state.Awaiting.RemoveAll(x => x.Stage == stage);
        state.Awaiting.Add(new AwaitedStage { Stage = stage, Since = now, Deadline = now + options.DeadlineFor(stage), Detail = detail });
    }

    /// <summary>The stage's result arrived: stop waiting (and any stall of it ends).</summary>
    public static void Arrived(ModState state, string stage) => state.Awaiting.RemoveAll(x => x.Stage == stage);

    /// <summary>
    /// A deadline passed: marks the stage stalled and, while re-requests remain, counts one and moves the deadline out
    /// (doubling each time). Returns the awaited stage to re-request, or null (nothing awaited, not yet due, or given up).
    /// </summary>
    public AwaitedStage? Expire(ModState state, string stage, DateTimeOffset now)
    {
        var awaited = state.Awaiting.FirstOrDefault(x => x.Stage == stage);
        if (awaited?.Deadline is not { } deadline || deadline > now)
        {
            return null;
        }
        awaited.StalledSince ??= now;
        if (awaited.Retries >= options.MaxRetries)
        {
            awaited.Deadline = null;
            ModStateUpdates.AddHistory(state, now, "stalled", $"{Missing(awaited)}; gave up after {awaited.Retries} re-requests");
            return null;
        }
        awaited.Retries++;
        awaited.Deadline = now + options.DeadlineFor(stage) * Math.Pow(2, awaited.Retries);
        ModStateUpdates.AddHistory(state, now, "stalled",
            $"{Missing(awaited)}; re-requested ({awaited.Retries} of {options.MaxRetries})");
        return awaited;
    }

    /// <summary>Whether an index outcome needs a mirror the mod has not had yet.</summary>
    public bool NeedsMirror(ModState state, ModIndexed e) =>
        options.RequestMirroring
        && e.Redistributable != false
        && e.FileName is not null
        && (e.Outcome is IndexOutcome.Added or IndexOutcome.Updated
            || (e.Outcome == IndexOutcome.Unchanged && state.MirroredFile != CkanPath(e)));

    /// <summary>An added/updated .ckan whose licence forbids mirroring: the saga records the skip itself.</summary>
    public bool SkipsMirror(ModIndexed e) =>
        options.RequestMirroring && e.Redistributable == false && e.Outcome is IndexOutcome.Added or IndexOutcome.Updated;

    /// <summary>The CKAN-meta path of an indexed file.</summary>
    public static string CkanPath(ModIndexed e) => $"{e.Identifier}/{e.FileName}";

    /// <summary>After an inflation failure: back off scheduling once the same error repeated enough passes in a row.</summary>
    public void AfterInflationFailure(ModState state, DateTimeOffset now)
    {
        var open = state.Errors.LastOrDefault(x => x.ResolvedAt is null && x.Stage == "inflation");
        if (open is null || open.Count < options.FailuresBeforeBackoff)
        {
            return;
        }
        var factor = Math.Pow(2, open.Count - options.FailuresBeforeBackoff);
        var pause = TimeSpan.FromTicks((long)Math.Min(options.MaxBackoff.Ticks, options.Backoff.Ticks * factor));
        state.BackoffUntil = now + pause;
        state.BackoffReason = string.Create(CultureInfo.InvariantCulture,
            $"failed the same way {open.Count} passes in a row since {open.FirstSeen:yyyy-MM-dd HH:mm} UTC; not scheduled until {state.BackoffUntil:yyyy-MM-dd HH:mm} UTC");
        ModStateUpdates.AddHistory(state, now, "scheduling backed off", state.BackoffReason);
    }

    /// <summary>A success or a change of state ends any back-off.</summary>
    public static void EndBackoff(ModState state)
    {
        state.BackoffUntil = null;
        state.BackoffReason = null;
    }

    /// <summary>
    /// Reconciles the row with what CKAN-meta holds. A present file the row never recorded as indexed (its ModIndexed
    /// was lost) gets its last_indexed and commit, and answers a wait for indexing; returns the path when it still
    /// needs a mirror. A file the row says was indexed but CKAN-meta lacks is stalled at once (the index outcome
    /// cannot be true); returns the stalled wait when inflation should be requested again.
    /// </summary>
    public (string? Mirror, AwaitedStage? Reinflate) Reconcile(ModState state, CkanMetaChecked e)
    {
        if (e.Present)
        {
            if (state.IndexedFile == e.Path && state.LastIndexed is not null)
            {
                return (null, null);
            }
            state.LastIndexed = e.Time;
            state.Commit = e.Commit ?? state.Commit;
            state.IndexedFile = e.Path;
            Arrived(state, AwaitedStage.Indexing);
            ModStateUpdates.AddHistory(state, e.Time, "reconciled with CKAN-meta", e.Path);
            var mirror = options.RequestMirroring && state.Redistributable != false && state.MirroredFile != e.Path
                && !state.Awaiting.Any(x => x.Stage == AwaitedStage.Mirror && x.Detail == e.Path);
            if (mirror)
            {
                Await(state, AwaitedStage.Mirror, e.Time, e.Path);
            }
            return (mirror ? e.Path : null, null);
        }
        if (state.IndexedFile != e.Path || state.Awaiting.Any(x => x.Stage == AwaitedStage.Indexing))
        {
            return (null, null); // the row does not claim it, or already waits for it (the deadline re-requests)
        }
        state.Awaiting.Add(new AwaitedStage
        {
            Stage = AwaitedStage.Indexing, Since = state.LastIndexed ?? e.Time, Deadline = e.Time, Detail = e.Path,
        });
        return (null, Expire(state, AwaitedStage.Indexing, e.Time));
    }

    /// <summary>What a stalled stage misses, in words (dashboard, history).</summary>
    public static string Missing(AwaitedStage awaited)
    {
        var since = awaited.Since.UtcDateTime.ToString("yyyy-MM-dd HH:mm", CultureInfo.InvariantCulture) + " UTC";
        return awaited.Stage switch
        {
            AwaitedStage.Inflation => $"no inflation result since {since}",
            AwaitedStage.Indexing when awaited.Detail is not null => $"{awaited.Detail} was indexed but is not in CKAN-meta (since {since})",
            AwaitedStage.Indexing => $"inflated but not indexed since {since}",
            AwaitedStage.Mirror => $"no mirror outcome for {awaited.Detail} since {since}",
            _ => $"no {awaited.Stage} result since {since}",
        };
    }
}
