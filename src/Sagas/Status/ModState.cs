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

    public string CurrentState { get; set; } = "Initial";

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
