using NetKAN.Bus.Contracts.Lifecycle;

namespace NetKAN.Bus.Sagas.Status;

/// <summary>
/// How each lifecycle event changes a mod's status row. Pure functions, so the rules can be tested without a bus
/// and the state machine stays declarative.
/// </summary>
public static class ModStateUpdates
{
    /// <summary>
    /// The stages whose outcome is the row's <c>last_error</c>/<c>failed</c>, as in the original (the Indexer wrote them
    /// from the inflation result). A mirror error lives in the mirror fields and the error history only.
    /// </summary>
    private static readonly string[] OutcomeStages = ["inflation", "indexing"];

    public static void Apply(ModState state, IModEvent e, DateTimeOffset now)
    {
        state.Identifier = e.Identifier;
        state.GameId = e.Game.Value;
        state.UpdatedAt = now;
        switch (e)
        {
            case InflationRequested r: Requested(state, r); break;
            case InflationSucceeded s: Inflated(state, s); break;
            case InflationFailed f: InflationFailed(state, f); break;
            case ModIndexed i: Indexed(state, i); break;
            case InflatedAndIndexed b: Inflated(state, b.Inflation); Indexed(state, b.Indexing); break;
            case IndexingFailed f: IndexingFailed(state, f); break;
            case ModMirrored m: Mirrored(state, m); break;
            case MirrorSkipped m: MirrorSkipped(state, m); break;
            case MirrorFailed m: MirrorFailed(state, m); break;
            case ModFrozen f: Frozen(state, f); break;
            case ModUnfrozen u: Unfrozen(state, u); break;
            case DownloadsCounted d: state.DownloadCount = d.Count; break;
            case UnfreezeSuggested u: state.UnfreezeSuggestion = u.Reason; AddHistory(state, u.Time, "unfreeze suggested", u.Reason); break;
            default: throw new ArgumentException($"No status rule for {e.GetType().Name}", nameof(e));
        }
    }

    private static void Requested(ModState state, InflationRequested e)
    {
        state.LastRequested = e.Time;
        state.LastRequestSource = e.Source;
        AddHistory(state, e.Time, "inflation requested", e.Source);
    }

    private static void Inflated(ModState state, InflationSucceeded e)
    {
        state.Success = true;
        state.LastInflated = e.Time;
        state.LastChecked = e.Time;
        state.Frozen = false; // as the original Indexer: any inflation result means the mod is active
        state.LastWarnings = Join(e.Warnings);
        state.ModVersion = e.ModVersion ?? state.ModVersion;
        state.CkanFile = e.FileName ?? state.CkanFile;
        state.Staged = e.Staged;
        state.StagingReason = e.Staged ? e.StagingReason : null;
        state.ReleaseDate = e.ReleaseDate ?? state.ReleaseDate;
        state.LastDownloaded = e.LastDownloaded ?? state.LastDownloaded;
        if (e.Resources is { Count: > 0 })
        {
            state.Resources = new Dictionary<string, string>(e.Resources, StringComparer.Ordinal);
        }
        state.InflationSeconds = Seconds(state.LastRequested, e.Time);
        ResolveErrors(state, "inflation", e.Time);
        AddHistory(state, e.Time, "inflated", e.ModVersion);
    }

    private static void InflationFailed(ModState state, InflationFailed e)
    {
        state.Success = false;
        state.LastInflated = e.Time;
        state.LastChecked = e.Time;
        state.Frozen = false;
        state.LastWarnings = Join(e.Warnings);
        state.InflationSeconds = Seconds(state.LastRequested, e.Time);
        RecordError(state, "inflation", e.Error, e.Time);
        AddHistory(state, e.Time, "inflation failed", e.Error);
    }

    private static void Indexed(ModState state, ModIndexed e)
    {
        state.IndexOutcome = e.Outcome.ToString();
        state.CkanFile = e.FileName ?? state.CkanFile;
        var path = e.FileName is null ? null : $"{e.Identifier}/{e.FileName}";
        if (state.IndexedFile is null && state.LastIndexed is not null && e.FileName == state.CkanFile)
        {
            state.IndexedFile = path; // a row from before IndexedFile existed: its last_indexed is about this file
        }
        // An unchanged file is in CKAN-meta already; when the row never learnt that (its ModIndexed was lost, e.g.
        // a host killed between commit and record), this outcome reconciles last_indexed and the commit.
        if (e.Outcome is IndexOutcome.Added or IndexOutcome.Updated or IndexOutcome.Staged
            || (e.Outcome == IndexOutcome.Unchanged && path is not null && (state.IndexedFile != path || state.LastIndexed is null)))
        {
            state.LastIndexed = e.Time;
            state.Commit = e.Commit ?? state.Commit;
            state.IndexedFile = e.Outcome == IndexOutcome.Staged ? state.IndexedFile : path ?? state.IndexedFile;
        }
        state.Redistributable = e.Redistributable ?? state.Redistributable;
        state.PullRequestUrl = e.Outcome == IndexOutcome.Staged ? e.PullRequestUrl : state.PullRequestUrl;
        state.IndexSeconds = Seconds(state.LastInflated, e.Time);
        ResolveErrors(state, "indexing", e.Time);
        AddHistory(state, e.Time, $"indexed ({e.Outcome.ToString().ToLowerInvariant()})", e.PullRequestUrl ?? e.FileName);
    }

    private static void IndexingFailed(ModState state, IndexingFailed e)
    {
        RecordError(state, "indexing", e.Error, e.Time);
        AddHistory(state, e.Time, "indexing failed", e.Error);
    }

    private static void Mirrored(ModState state, ModMirrored e)
    {
        state.LastMirrored = e.Time;
        state.MirrorStatus = "mirrored";
        state.MirrorDetail = e.Item;
        state.MirrorSeconds = Seconds(state.LastIndexed, e.Time);
        ResolveErrors(state, "mirroring", e.Time);
        AddHistory(state, e.Time, "mirrored", e.Item);
    }

    private static void MirrorSkipped(ModState state, MirrorSkipped e)
    {
        state.LastMirrored = e.Time;
        state.MirrorStatus = "skipped";
        state.MirrorDetail = e.Reason;
        state.MirrorSeconds = Seconds(state.LastIndexed, e.Time);
        AddHistory(state, e.Time, "mirror skipped", e.Reason);
    }

    private static void MirrorFailed(ModState state, MirrorFailed e)
    {
        state.MirrorStatus = "failed";
        state.MirrorDetail = e.Error;
        RecordError(state, "mirroring", e.Error, e.Time);
        AddHistory(state, e.Time, "mirror failed", e.Error);
    }

    private static void Frozen(ModState state, ModFrozen e)
    {
        state.Frozen = true;
        AddHistory(state, e.Time, "frozen", e.Source);
    }

    private static void Unfrozen(ModState state, ModUnfrozen e)
    {
        state.Frozen = false;
        state.UnfreezeSuggestion = null;
        AddHistory(state, e.Time, "unfrozen", e.Source);
    }

    private static void RecordError(ModState state, string stage, string message, DateTimeOffset time)
    {
        var open = state.Errors.FirstOrDefault(x => x.ResolvedAt is null && x.Stage == stage && x.Message == message);
        if (open is null)
        {
            // A different error replaces the open one of the same stage.
            foreach (var other in state.Errors.Where(x => x.ResolvedAt is null && x.Stage == stage))
            {
                other.ResolvedAt = time;
            }
            open = new ErrorRecord { Stage = stage, Message = message, FirstSeen = time };
            state.Errors.Add(open);
            Trim(state.Errors, ModState.ErrorHistoryLimit);
        }
        open.LastSeen = time;
        open.Count++;
        FollowOutcome(state, stage);
    }

    private static void ResolveErrors(ModState state, string stage, DateTimeOffset time)
    {
        foreach (var error in state.Errors.Where(x => x.ResolvedAt is null && x.Stage == stage))
        {
            error.ResolvedAt = time;
        }
        FollowOutcome(state, stage);
    }

    /// <summary>After an inflation/indexing event, last_error, failed and the error times follow the newest open
    /// inflation/indexing error, if any. Other stages leave them alone (a row adopted from the original keeps its
    /// last_error until the next inflation result).</summary>
    private static void FollowOutcome(ModState state, string stage)
    {
        if (!OutcomeStages.Contains(stage))
        {
            return;
        }
        var open = state.Errors.LastOrDefault(x => x.ResolvedAt is null && OutcomeStages.Contains(x.Stage));
        state.LastError = open?.Message;
        state.ErrorFirstSeen = open?.FirstSeen;
        state.ErrorLastSeen = open?.LastSeen;
        state.Success = open is null;
    }

    public static void AddHistory(ModState state, DateTimeOffset time, string what, string? detail)
    {
        state.History.Add(new HistoryEntry { Time = time, Event = what, Detail = detail });
        Trim(state.History, ModState.HistoryLimit);
    }

    private static void Trim<T>(List<T> list, int limit)
    {
        if (list.Count > limit)
        {
            list.RemoveRange(0, list.Count - limit);
        }
    }

    private static string? Join(IReadOnlyList<string>? lines) =>
        lines is { Count: > 0 } ? string.Join("\n", lines) : null;

    private static double? Seconds(DateTimeOffset? from, DateTimeOffset to) =>
        from is { } start && to >= start ? Math.Round((to - start).TotalSeconds, 3) : null;
}
