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
/// <param name="Redistributable">Whether the module's licence lets the Internet Archive mirror it (null: not known,
/// the mirrorer decides). The ModLifecycle saga requests a mirror of added/updated files unless this is false.</param>
public sealed record ModIndexed(GameId Game, string Identifier, DateTimeOffset Time, IndexOutcome Outcome,
    string? FileName = null, string? Commit = null, string? PullRequestUrl = null, bool? Redistributable = null) : IModEvent;

/// <summary>The Indexer could not write, commit or push the .ckan.</summary>
public sealed record IndexingFailed(GameId Game, string Identifier, DateTimeOffset Time, string Error) : IModEvent;

/// <summary>The download was uploaded to (or already present at) the Internet Archive.</summary>
/// <param name="Path">The CKAN-meta path of the mirrored .ckan (null from producers that did not say).</param>
public sealed record ModMirrored(GameId Game, string Identifier, DateTimeOffset Time, string Item, string? Path = null) : IModEvent;

/// <summary>Mirroring was not attempted (licence not redistributable, not a package, …).</summary>
public sealed record MirrorSkipped(GameId Game, string Identifier, DateTimeOffset Time, string Reason, string? Path = null) : IModEvent;

/// <summary>Mirroring failed (download, hash mismatch, upload error).</summary>
public sealed record MirrorFailed(GameId Game, string Identifier, DateTimeOffset Time, string Error, string? Path = null) : IModEvent;

/// <summary>The mod's .netkan was renamed to .frozen (or the mod vanished from NetKAN).</summary>
public sealed record ModFrozen(GameId Game, string Identifier, DateTimeOffset Time, string Source) : IModEvent;

/// <summary>The mod is active again.</summary>
public sealed record ModUnfrozen(GameId Game, string Identifier, DateTimeOffset Time, string Source) : IModEvent;

/// <summary>The Download Counter counted the mod's downloads.</summary>
public sealed record DownloadsCounted(GameId Game, string Identifier, DateTimeOffset Time, long Count) : IModEvent;

/// <summary>A frozen mod has a new upstream release (reported by the Auto-Freezer).</summary>
public sealed record UnfreezeSuggested(GameId Game, string Identifier, DateTimeOffset Time, string Reason) : IModEvent;

/// <summary>
/// A stage's result was not recorded by its deadline (found by the lifecycle sweep over the status rows).
/// <paramref name="Stage"/> is one of <c>inflation</c>, <c>indexing</c>, <c>mirror</c>.
/// </summary>
public sealed record DeadlinePassed(GameId Game, string Identifier, DateTimeOffset Time, string Stage) : IModEvent;

/// <summary>
/// What CKAN-meta holds for the .ckan a mod's row is about (found by the lifecycle reconciliation): present, with the
/// commit CKAN-meta was at, or missing although the row says it was indexed. <paramref name="Path"/> is the
/// CKAN-meta path (<c>&lt;identifier&gt;/&lt;file&gt;.ckan</c>).
/// </summary>
public sealed record CkanMetaChecked(GameId Game, string Identifier, DateTimeOffset Time, string Path, bool Present,
    string? Commit = null) : IModEvent;

/// <summary>
/// An inflation result and its index outcome, recorded together: the Indexer's one status update per handled
/// result. The saga applies exactly what <see cref="InflationSucceeded"/> then <see cref="ModIndexed"/> would, in one
/// row update instead of two (the row is loaded, changed and saved once per message).
/// </summary>
public sealed record InflatedAndIndexed(InflationSucceeded Inflation, ModIndexed Indexing) : IModEvent
{
    public InflationSucceeded Inflation { get; init; } =
        Inflation.Game == Indexing.Game && Inflation.Identifier == Indexing.Identifier
            ? Inflation
            : throw new ArgumentException(
                $"An inflation result of {Inflation.Game}/{Inflation.Identifier} cannot be recorded with the index outcome of {Indexing.Game}/{Indexing.Identifier}",
                nameof(Inflation));

    public GameId Game => Indexing.Game;

    public string Identifier => Indexing.Identifier;

    public DateTimeOffset Time => Indexing.Time;
}
