using NetKAN.Bus.Contracts.Games;

namespace NetKAN.Bus.Inflator;

/// <summary>Turns a <c>.netkan</c> into <c>.ckan</c> metadata.</summary>
public interface IInflator
{
    /// <summary>
    /// Inflates one netkan. Never throws for a bad netkan or a failing upstream: the failure is returned as an
    /// <see cref="InflationResult"/> with <see cref="InflationResult.ErrorMessage"/> set. Only cancellation throws.
    /// </summary>
    Task<InflationResult> InflateAsync(InflationRequest request, CancellationToken ct = default);
}

/// <summary>What to inflate: the netkan text and the queue message's attributes.</summary>
public sealed record InflationRequest
{
    /// <summary>The raw .netkan text (JSON, or YAML with up to several documents).</summary>
    public required string NetkanText { get; init; }

    /// <summary>The netkan's file name (e.g. <c>Astrogator.netkan</c>); its stem is the expected identifier.</summary>
    public string? FileName { get; init; }

    /// <summary>The expected identifier; defaults to the file-name stem, then to the first document's identifier.</summary>
    public string? Identifier { get; init; }

    public GameId Game { get; init; } = GameId.Ksp;

    /// <summary>The highest non-prerelease version already indexed (auto-epoch reference).</summary>
    public string? HighestVersion { get; init; }

    /// <summary>The highest prerelease (testing/development) version already indexed.</summary>
    public string? HighestVersionPrerelease { get; init; }

    /// <summary>How many releases per host to inflate (backports); production uses 1.</summary>
    public int Releases { get; init; } = 1;
}

/// <summary>One produced .ckan.</summary>
public sealed record InflatedModule
{
    public required string Identifier { get; init; }
    public required string Version { get; init; }

    /// <summary><c>{identifier}-{version with ':' → '-'}.ckan</c>.</summary>
    public required string FileName { get; init; }

    /// <summary>The canonical .ckan text (4-space JSON, LF, final newline).</summary>
    public required string Ckan { get; init; }

    public string? ReleaseDate { get; init; }
    public bool Prerelease { get; init; }
    public IReadOnlyDictionary<string, string> Resources { get; init; } = new Dictionary<string, string>();

    /// <summary>The download URLs, in document order.</summary>
    public IReadOnlyList<string> Downloads { get; init; } = [];

    /// <summary>The cached package of the first download URL.</summary>
    public string? DownloadCachePath { get; init; }

    /// <summary>When that file entered the cache.</summary>
    public DateTimeOffset? DownloadCachedAt { get; init; }
}

/// <summary>The outcome of one inflation.</summary>
public sealed record InflationResult
{
    public required string Identifier { get; init; }
    public IReadOnlyList<InflatedModule> Modules { get; init; } = [];

    /// <summary>Warnings, de-duplicated, in order (the WarningMessages attribute joins them with CRLF).</summary>
    public IReadOnlyList<string> Warnings { get; init; } = [];

    public bool Staged { get; init; }
    public IReadOnlyList<string> StagingReasons { get; init; } = [];

    /// <summary>Set when the inflation failed.</summary>
    public string? ErrorMessage { get; init; }

    /// <summary>The failure was an upstream rate limit; retry after <see cref="RetryAt"/>.</summary>
    public bool RateLimited { get; init; }

    public DateTimeOffset? RetryAt { get; init; }

    public bool Success => ErrorMessage is null;

    /// <summary>The SQS <c>WarningMessages</c> attribute: warnings joined with CRLF, or null.</summary>
    public string? WarningMessages => Warnings.Count > 0 ? string.Join("\r\n", Warnings) : null;

    /// <summary>The SQS <c>StagingReason</c> attribute: reasons joined with a blank line, or null.</summary>
    public string? StagingReason => Staged && StagingReasons.Count > 0 ? string.Join("\r\n\r\n", StagingReasons) : null;
}
