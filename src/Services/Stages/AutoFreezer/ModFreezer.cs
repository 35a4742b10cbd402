using LibGit2Sharp;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;
using NetKAN.Bus.Contracts.Lifecycle;
using NetKAN.Bus.Metadata;
using NetKAN.Bus.Metadata.Documents;
using NetKAN.Bus.Contracts.Games;
using NetKAN.Bus.Sagas.Persistence;
using NetKAN.Bus.Sagas.Recording;
using NetKAN.Bus.Sagas.Status;
using NetKAN.Bus.Services.Git;
using NetKAN.Bus.Services.GitHub;
using NetKAN.Bus.Services.NetkanEdits;
using NetKAN.Bus.Services.ModCatalog;

namespace NetKAN.Bus.Services.AutoFreezer;

/// <summary>What one Auto-Freezer run did for one game.</summary>
/// <param name="Idle">The idle mods found (oldest first).</param>
/// <param name="Froze">Mods renamed to .frozen on the branch by this run.</param>
/// <param name="MarkedFrozen">Status rows marked frozen because their .netkan is gone.</param>
/// <param name="Suggestions">Frozen mods with a newer upstream release, and why.</param>
public sealed record AutoFreezeResult(
    GameId Game,
    IReadOnlyList<IdleMod> Idle,
    IReadOnlyList<string> Froze,
    string? PullRequestUrl,
    IReadOnlyList<string> MarkedFrozen,
    IReadOnlyList<KeyValuePair<string, string>> Suggestions);

/// <summary>
/// The Auto-Freezer for one game, as the original, plus unfreeze suggestions:
/// <list type="number">
/// <item>pull NetKAN; find the idle mods (<see cref="IdleMods"/>) among the active netkans, from the status rows;</item>
/// <item>on branch <c>freeze/auto</c> (continued when it exists) rename each idle mod's <c>NetKAN/&lt;id&gt;.netkan</c> to
/// <c>.frozen</c>, one commit <c>Freeze &lt;id&gt;</c> per mod; push; open the pull request <c>Freeze idle mods</c>
/// (or comment its body on the open one);</item>
/// <item>record <see cref="ModFrozen"/> for every status row not yet frozen whose .netkan is gone from NetKAN;</item>
/// <item>for frozen mods with a status row, ask SpaceDock/GitHub for the newest release and record
/// <see cref="UnfreezeSuggested"/> when it is newer than CKAN-meta's (<see cref="UnfreezeCheck"/>).</item>
/// </list>
/// </summary>
public sealed class ModFreezer(
    GameRepositories repositories,
    CkanMetaVersions versions,
    UpstreamReleases upstream,
    IPullRequests pullRequests,
    IModStateStore store,
    IModLifecycle lifecycle,
    IOptions<AutoFreezerOptions> options,
    IOptions<GitOptions> git,
    TimeProvider time,
    ILogger<ModFreezer> logger)
{
    public const string NetkanFolder = "NetKAN";

    public async Task<AutoFreezeResult> RunAsync(GameId game, int? daysLimit, int? daysTillIgnore, CancellationToken cancellationToken)
    {
        var settings = options.Value;
        var days = daysLimit ?? settings.DaysLimit;
        var now = time.GetUtcNow();
        var copy = await repositories.NetKanAsync(game, cancellationToken).ConfigureAwait(false);
        IReadOnlyList<string> active;
        IReadOnlyList<(string Identifier, string Text)> frozenFiles;
        using (await copy.LockAsync(cancellationToken).ConfigureAwait(false))
        {
            repositories.TryPull(copy);
            (active, frozenFiles) = ListNetkans(copy);
        }
        var rows = (await store.ListAsync(game, cancellationToken).ConfigureAwait(false))
            .ToDictionary(x => x.Identifier, StringComparer.Ordinal);

        var idle = IdleMods.Find(active, rows, now, days, daysTillIgnore ?? settings.DaysTillIgnore,
            settings.FallBackToLastIndexed);
        var froze = new List<string>();
        string? pullRequest = null;
        if (idle.Count > 0)
        {
            (froze, pullRequest) = await ProposeAsync(game, copy, idle, days, cancellationToken).ConfigureAwait(false);
        }

        var activeSet = active.ToHashSet(StringComparer.Ordinal);
        var marked = rows.Values.Where(r => !r.Frozen && !activeSet.Contains(r.Identifier)).Select(r => r.Identifier).ToList();
        foreach (var identifier in marked)
        {
            logger.LogInformation("Marking frozen: {Identifier} ({Game})", identifier, game);
            await lifecycle.RecordAsync(new ModFrozen(game, identifier, now, $"auto-freezer: {NetkanFolder}/{identifier}.netkan no longer exists"),
                cancellationToken).ConfigureAwait(false);
        }

        var suggestions = settings.SuggestUnfreezing
            ? await SuggestUnfreezingAsync(game, frozenFiles, rows, now, cancellationToken).ConfigureAwait(false)
            : [];
        return new AutoFreezeResult(game, idle, froze, pullRequest, marked, suggestions);
    }

    /// <summary>Renames the idle mods' netkans on the freeze branch, pushes it and opens (or comments on) the pull request.</summary>
    private async Task<(List<string> Froze, string? PullRequest)> ProposeAsync(GameId game, GitWorkingCopy copy,
        IReadOnlyList<IdleMod> idle, int days, CancellationToken cancellationToken)
    {
        var settings = options.Value;
        var froze = new List<string>();
        using (await copy.LockAsync(cancellationToken).ConfigureAwait(false))
        {
            var edit = BranchEdit.Start(copy, settings.Branch);
            var bot = git.Value.Signature(time.GetUtcNow());
            foreach (var mod in idle)
            {
                var netkan = $"{NetkanFolder}/{mod.Identifier}.netkan";
                if (edit.Find(netkan) is not { } blob)
                {
                    logger.LogInformation("Already froze {Identifier}", mod.Identifier);
                    continue;
                }
                logger.LogInformation("Freezing {Identifier} ({Game})", mod.Identifier, game);
                edit.Commit($"Freeze {mod.Identifier}", bot, bot, (tree, _) =>
                {
                    tree.Remove(netkan);
                    tree.Add($"{NetkanFolder}/{mod.Identifier}.frozen", blob, Mode.NonExecutableFile);
                });
                froze.Add(mod.Identifier);
            }
            edit.Push();
        }

        var gitHubRepo = repositories.Options(game, RepositoryKind.NetKan).GitHubRepo;
        if (string.IsNullOrWhiteSpace(gitHubRepo))
        {
            logger.LogWarning("No Repos:{Game}:NetKan:GitHubRepo configured; no pull request for {Branch}", game, settings.Branch);
            return (froze, null);
        }
        logger.LogInformation("Submitting pull request for {Branch}", settings.Branch);
        var pull = await pullRequests.OpenAsync(gitHubRepo, settings.Branch, IdleMods.PullRequestTitle,
            IdleMods.PullRequestBody(days, idle), settings.Labels, cancellationToken).ConfigureAwait(false);
        return (froze, pull.Url);
    }

    private async Task<IReadOnlyList<KeyValuePair<string, string>>> SuggestUnfreezingAsync(GameId game,
        IReadOnlyList<(string Identifier, string Text)> frozenFiles, IReadOnlyDictionary<string, ModState> rows, DateTimeOffset now,
        CancellationToken cancellationToken)
    {
        var krefs = new Dictionary<string, Kref>(StringComparer.Ordinal);
        foreach (var (identifier, text) in frozenFiles.Where(f => rows.ContainsKey(f.Identifier)))
        {
            try
            {
                if (NetkanFile.Parse(text, identifier + NetkanFile.FrozenExtension).Kref is { } kref)
                {
                    krefs[identifier] = kref;
                }
            }
            catch (MetadataException e)
            {
                logger.LogDebug("Frozen {Identifier} does not parse: {Problem}", identifier, e.Message);
            }
        }
        if (krefs.Count == 0)
        {
            return [];
        }
        NetKAN.Bus.Metadata.CkanMeta.CkanMetaIndex? index = null;
        try
        {
            index = await versions.GetAsync(game, cancellationToken).ConfigureAwait(false);
        }
        catch (Exception e) when (e is InvalidOperationException or LibGit2SharpException)
        {
            logger.LogWarning("No {Game} CKAN-meta to compare frozen mods with ({Problem}); comparing release dates only", game, e.Message);
        }
        var latest = await upstream.LatestAsync(krefs, cancellationToken).ConfigureAwait(false);
        var suggestions = new List<KeyValuePair<string, string>>();
        foreach (var (identifier, release) in latest.OrderBy(x => x.Key, StringComparer.Ordinal))
        {
            var highest = index?.Get(identifier);
            var row = rows[identifier];
            if (UnfreezeCheck.Reason(release, highest?.Stable ?? highest?.Prerelease, row.ReleaseDate) is not { } reason)
            {
                continue;
            }
            suggestions.Add(new(identifier, reason));
            if (row.UnfreezeSuggestion != reason)
            {
                logger.LogInformation("Frozen {Identifier} ({Game}) could be unfrozen: {Reason}", identifier, game, reason);
                await lifecycle.RecordAsync(new UnfreezeSuggested(game, identifier, now, reason), cancellationToken).ConfigureAwait(false);
            }
        }
        return suggestions;
    }

    /// <summary>Identifiers of <c>NetKAN/*.netkan</c> and the texts of <c>NetKAN/*.frozen</c> at the primary branch's tip.</summary>
    private static (IReadOnlyList<string> Active, IReadOnlyList<(string, string)> Frozen) ListNetkans(GitWorkingCopy copy)
    {
        var active = new List<string>();
        var frozen = new List<(string, string)>();
        if (copy.Commit(copy.Head!).Tree[NetkanFolder]?.Target is Tree folder)
        {
            foreach (var entry in folder)
            {
                if (entry.TargetType != TreeEntryTargetType.Blob)
                {
                    continue;
                }
                if (entry.Name.EndsWith(NetkanFile.NetkanExtension, StringComparison.Ordinal))
                {
                    active.Add(entry.Name[..^NetkanFile.NetkanExtension.Length]);
                }
                else if (entry.Name.EndsWith(NetkanFile.FrozenExtension, StringComparison.Ordinal))
                {
                    frozen.Add((entry.Name[..^NetkanFile.FrozenExtension.Length], ((Blob)entry.Target).GetContentText()));
                }
            }
        }
        return (active, frozen);
    }
}
