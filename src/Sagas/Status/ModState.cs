using MassTransit;

namespace NetKAN.Bus.Sagas.Status;

/// <summary>
/// One mod of one game: the ModLifecycle saga instance, and at the same time the mod's status row.
/// Carries the original status fields (last_checked … game_id) plus what the original never had:
/// per-stage timestamps and durations, error first/last seen, and a bounded recent history.
/// </summary>
public sealed class ModState : SagaStateMachineInstance, ISagaVersion
{
    public const int HistoryLimit = 25;
    public const int ErrorHistoryLimit = 10;

    public Guid CorrelationId { get; set; }

    /// <summary>Optimistic-concurrency version: every store write checks it.</summary>
    public int Version { get; set; }

    private string _currentState = LifecycleStates.Initial;

    /// <summary>The saga state (see <see cref="LifecycleStates"/>); names stored by older versions are read as today's.</summary>
    public string CurrentState
    {
        get => _currentState;
        set => _currentState = LifecycleStates.Normalize(value);
    }

    public string Identifier { get; set; } = "";

    /// <summary>Lowercase game id (<c>ksp</c>, <c>ksp2</c>), as the original status table's range key.</summary>
    public string GameId { get; set; } = "ksp";

    // ---- the original status fields ----
    public DateTimeOffset? LastChecked { get; set; }
    public DateTimeOffset? LastInflated { get; set; }
    public DateTimeOffset? LastIndexed { get; set; }
    public DateTimeOffset? LastDownloaded { get; set; }
    public DateTimeOffset? ReleaseDate { get; set; }
    public bool Success { get; set; }
    public string? LastError { get; set; }
    public string? LastWarnings { get; set; }
    public bool Frozen { get; set; }
    public Dictionary<string, string> Resources { get; set; } = new(StringComparer.Ordinal);

    // ---- per stage ----
    public DateTimeOffset? LastRequested { get; set; }
    public string? LastRequestSource { get; set; }
    public string? ModVersion { get; set; }
    public string? CkanFile { get; set; }
    public string? IndexOutcome { get; set; }
    public string? Commit { get; set; }
    public bool Staged { get; set; }
    public string? StagingReason { get; set; }
    public string? PullRequestUrl { get; set; }
    public DateTimeOffset? LastMirrored { get; set; }
    public string? MirrorStatus { get; set; }
    public string? MirrorDetail { get; set; }
    public long? DownloadCount { get; set; }
    public string? UnfreezeSuggestion { get; set; }

    /// <summary>Request → inflation result, in seconds (queue wait plus inflation).</summary>
    public double? InflationSeconds { get; set; }

    /// <summary>Inflation result → indexed, in seconds.</summary>
    public double? IndexSeconds { get; set; }

    /// <summary>Indexed → mirror outcome, in seconds.</summary>
    public double? MirrorSeconds { get; set; }

    // ---- errors and history ----
    public DateTimeOffset? ErrorFirstSeen { get; set; }
    public DateTimeOffset? ErrorLastSeen { get; set; }
    public List<ErrorRecord> Errors { get; set; } = [];
    public List<HistoryEntry> History { get; set; } = [];

    public DateTimeOffset? UpdatedAt { get; set; }

    // ---- orchestration (see docs/lifecycle.md) ----

    /// <summary>Stage results the saga waits for, each with its deadline; empty when the mod is settled.</summary>
    public List<AwaitedStage> Awaiting { get; set; } = [];

    /// <summary>The .ckan (CKAN-meta path) that <see cref="LastIndexed"/> and <see cref="Commit"/> are about.</summary>
    public string? IndexedFile { get; set; }

    /// <summary>The .ckan (CKAN-meta path) the last mirror outcome is about.</summary>
    public string? MirroredFile { get; set; }

    /// <summary>Whether the licence allows mirroring, as the indexer last reported (null: not known).</summary>
    public bool? Redistributable { get; set; }

    /// <summary>Scheduling passes skip the mod until then: it failed the same way too many passes in a row.</summary>
    public DateTimeOffset? BackoffUntil { get; set; }

    /// <summary>Why scheduling backs off (shown on the dashboard).</summary>
    public string? BackoffReason { get; set; }

    /// <summary>The stage that is stalled (no result by its deadline), if any.</summary>
    [System.Text.Json.Serialization.JsonIgnore]
    public AwaitedStage? Stall => Awaiting.FirstOrDefault(x => x.StalledSince is not null);

    /// <summary>Since when the mod fails (its oldest open error), or null when it does not.</summary>
    [System.Text.Json.Serialization.JsonIgnore]
    public DateTimeOffset? FailingSince => Success || Frozen ? null : ErrorFirstSeen;
}

/// <summary>A stage result the saga waits for.</summary>
public sealed class AwaitedStage
{
    public const string Inflation = "inflation";
    public const string Indexing = "indexing";
    public const string Mirror = "mirror";

    /// <summary><see cref="Inflation"/>, <see cref="Indexing"/> or <see cref="Mirror"/>.</summary>
    public string Stage { get; set; } = "";

    /// <summary>Since when the result is missing (the first unanswered request).</summary>
    public DateTimeOffset Since { get; set; }

    /// <summary>When the sweep marks it stalled (and re-requests); null once the re-requests are used up.</summary>
    public DateTimeOffset? Deadline { get; set; }

    /// <summary>Re-requests made so far.</summary>
    public int Retries { get; set; }

    /// <summary>What is awaited in detail (the .ckan path to mirror).</summary>
    public string? Detail { get; set; }

    /// <summary>Set when the deadline first passed without a result.</summary>
    public DateTimeOffset? StalledSince { get; set; }
}

/// <summary>One distinct error a stage reported, with when it was first and last seen and when it went away.</summary>
public sealed class ErrorRecord
{
    public string Stage { get; set; } = "";
    public string Message { get; set; } = "";
    public DateTimeOffset FirstSeen { get; set; }
    public DateTimeOffset LastSeen { get; set; }
    public int Count { get; set; }
    public DateTimeOffset? ResolvedAt { get; set; }
}

/// <summary>One lifecycle step, newest last.</summary>
public sealed class HistoryEntry
{
    public DateTimeOffset Time { get; set; }
    public string Event { get; set; } = "";
    public string? Detail { get; set; }
}
