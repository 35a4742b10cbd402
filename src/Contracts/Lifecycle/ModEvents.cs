using NetKAN.Bus.Contracts.Games;

namespace NetKAN.Bus.Contracts.Lifecycle;

/// <summary>
/// Lifecycle events: every stage records what happened to a mod; the ModLifecycle saga (one per game and
/// identifier) folds them into the mod's status row.
/// </summary>
public interface IModEvent
{
    GameId Game { get; }
    string Identifier { get; }

    /// <summary>When it happened (stage time, not delivery time).</summary>
    DateTimeOffset Time { get; }
}

/// <summary>An inflation was requested (scheduler pass, webhook, CLI).</summary>
public sealed record InflationRequested(GameId Game, string Identifier, DateTimeOffset Time, string Source,
    string? HighestVersion = null, string? HighestVersionPrerelease = null) : IModEvent;

/// <summary>The Inflator produced a .ckan for the mod.</summary>
public sealed record InflationSucceeded(GameId Game, string Identifier, DateTimeOffset Time,
    string? ModVersion = null,
    string? FileName = null,
    IReadOnlyList<string>? Warnings = null,
    bool Staged = false,
    string? StagingReason = null,
    DateTimeOffset? ReleaseDate = null,
    IReadOnlyDictionary<string, string>? Resources = null,
    DateTimeOffset? LastDownloaded = null) : IModEvent;

/// <summary>The Inflator could not inflate the mod (bad netkan, upstream error, validation failure…).</summary>
public sealed record InflationFailed(GameId Game, string Identifier, DateTimeOffset Time, string Error,
    IReadOnlyList<string>? Warnings = null) : IModEvent;

public enum IndexOutcome
{
    /// <summary>A new .ckan file was committed to CKAN-meta.</summary>
    Added,

    /// <summary>An existing .ckan file changed and was committed.</summary>
    Updated,

    /// <summary>The .ckan was identical to the committed file; nothing was committed.</summary>
    Unchanged,

    /// <summary>The .ckan was committed to a staging branch and a pull request opened.</summary>
    Staged,
}

/// <summary>The Indexer handled a successful inflation.</summary>
public sealed record ModIndexed(GameId Game, string Identifier, DateTimeOffset Time, IndexOutcome Outcome,
    string? FileName = null, string? Commit = null, string? PullRequestUrl = null) : IModEvent;

/// <summary>The Indexer could not write, commit or push the .ckan.</summary>
public sealed record IndexingFailed(GameId Game, string Identifier, DateTimeOffset Time, string Error) : IModEvent;

/// <summary>The download was uploaded to (or already present at) the Internet Archive.</summary>
public sealed record ModMirrored(GameId Game, string Identifier, DateTimeOffset Time, string Item) : IModEvent;

/// <summary>Mirroring was not attempted (licence not redistributable, not a package, …).</summary>
public sealed record MirrorSkipped(GameId Game, string Identifier, DateTimeOffset Time, string Reason) : IModEvent;

/// <summary>Mirroring failed (download, hash mismatch, upload error).</summary>
public sealed record MirrorFailed(GameId Game, string Identifier, DateTimeOffset Time, string Error) : IModEvent;

/// <summary>The mod's .netkan was renamed to .frozen (or the mod vanished from NetKAN).</summary>
public sealed record ModFrozen(GameId Game, string Identifier, DateTimeOffset Time, string Source) : IModEvent;

/// <summary>The mod is active again.</summary>
public sealed record ModUnfrozen(GameId Game, string Identifier, DateTimeOffset Time, string Source) : IModEvent;

/// <summary>The Download Counter counted the mod's downloads.</summary>
public sealed record DownloadsCounted(GameId Game, string Identifier, DateTimeOffset Time, long Count) : IModEvent;

/// <summary>A frozen mod has a new upstream release (reported by the Auto-Freezer).</summary>
public sealed record UnfreezeSuggested(GameId Game, string Identifier, DateTimeOffset Time, string Reason) : IModEvent;
