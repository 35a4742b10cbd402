using System.Collections.Concurrent;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;
using NetKAN.Bus.Contracts.Games;
using NetKAN.Bus.Contracts.GitHub;
using NetKAN.Bus.Services.GitHub;
using NetKAN.Bus.Services.Storage;

namespace NetKAN.Bus.Services.Git;

/// <summary>
/// The NetKAN and CKAN-meta working copies of every configured game, opened (cloned when missing) on first use and
/// shared by every role of the process, so the indexer's commits and the scheduler's reads see the same repository.
/// </summary>
public sealed class GameRepositories(
    RepositoriesOptions options,
    DataFolder data,
    IOptions<GitOptions> git,
    GitHubClientFactory github,
    TimeProvider time,
    ILoggerFactory loggers) : IDisposable
{
    private readonly ConcurrentDictionary<GameId, Lazy<Task<GitWorkingCopy>>> _netkan = new();
    private readonly ConcurrentDictionary<GameId, Lazy<Task<CkanMetaRepository>>> _ckanMeta = new();
    private readonly ILogger _logger = loggers.CreateLogger<GameRepositories>();

    /// <summary>How long closing waits for an open still running: a first clone of CKAN-meta takes about a minute
    /// on a slow disk.</summary>
    private static readonly TimeSpan OpenWaitOnDispose = TimeSpan.FromMinutes(2);

    /// <summary>Games with a <c>Repos:&lt;game&gt;</c> section.</summary>
    public IReadOnlyCollection<GameId> Games => options.Games.Keys;

    public RepositoryOptions Options(GameId game, RepositoryKind kind) => options.For(game, kind);

    public Task<GitWorkingCopy> NetKanAsync(GameId game, CancellationToken cancellationToken) =>
        OpenOnce(_netkan, game, () => OpenCopy(game, RepositoryKind.NetKan), cancellationToken);

    public Task<CkanMetaRepository> CkanMetaAsync(GameId game, CancellationToken cancellationToken) =>
        OpenOnce(_ckanMeta, game, () =>
        {
            var copy = OpenCopy(game, RepositoryKind.CkanMeta);
            try
            {
                return new CkanMetaRepository(game, copy, () => git.Value.Signature(time.GetUtcNow()),
                    git.Value.PushDelay, time, loggers.CreateLogger<CkanMetaRepository>(), git.Value.PackAfterObjects,
                    git.Value.PackWhenIdleFor);
            }
            catch
            {
                copy.Dispose();
                throw;
            }
        }, cancellationToken);

    /// <summary>Pulls the game's NetKAN and CKAN-meta from their remotes (those that have one). A failed pull is
    /// logged and the working copy used as it is.</summary>
    public async Task PullAsync(GameId game, CancellationToken cancellationToken)
    {
        if (HasRemote(game, RepositoryKind.NetKan))
        {
            var netkan = await NetKanAsync(game, cancellationToken).ConfigureAwait(false);
            using (await netkan.LockAsync(cancellationToken).ConfigureAwait(false))
            {
                TryPull(netkan.Name, () => netkan.PullPrimary(git.Value.Signature(time.GetUtcNow())));
            }
        }
        if (HasRemote(game, RepositoryKind.CkanMeta))
        {
            var ckanMeta = await CkanMetaAsync(game, cancellationToken).ConfigureAwait(false);
            using (await ckanMeta.LockAsync(cancellationToken).ConfigureAwait(false))
            {
                TryPull(ckanMeta.Copy.Name, ckanMeta.Pull);
            }
        }
    }

    public bool HasRemote(GameId game, RepositoryKind kind) => !string.IsNullOrWhiteSpace(options.For(game, kind).Remote);

    /// <summary>The default working copy folder: <c>&lt;data dir&gt;/repos/&lt;game&gt;/NetKAN</c> or <c>CKAN-meta</c>.</summary>
    public string PathOf(GameId game, RepositoryKind kind) =>
        options.For(game, kind).Path is { Length: > 0 } path
            ? Path.GetFullPath(path)
            : data.Below("repos", game.Value, FolderName(kind));

    /// <summary>Closes every opened working copy. An open still running (a clone, or the reset of 30,000 files a
    /// cancelled caller stopped waiting for) is waited for first: left running, it would hold git's <c>index.lock</c>
    /// and the copy's owner lock past the host's end, and the next host on the folder could not reset it.</summary>
    public void Dispose()
    {
        foreach (var copy in Opened(_netkan))
        {
            copy.Dispose();
        }
        foreach (var repo in Opened(_ckanMeta))
        {
            repo.Dispose();
        }
    }

    private IEnumerable<T> Opened<T>(ConcurrentDictionary<GameId, Lazy<Task<T>>> cache)
    {
        foreach (var (game, lazy) in cache.Where(x => x.Value.IsValueCreated))
        {
            var open = lazy.Value;
            if (!open.IsCompleted)
            {
                _logger.LogInformation("Waiting for the {Game} repository to finish opening before closing it", game);
            }
            try
            {
                open.Wait(OpenWaitOnDispose);
            }
            catch (AggregateException)
            {
                // The open failed, logged where it was awaited; nothing to close.
            }
            if (open.IsCompletedSuccessfully)
            {
                yield return open.Result;
            }
            else if (!open.IsCompleted)
            {
                _logger.LogWarning("The {Game} repository was still opening after {Wait}; left to finish alone", game, OpenWaitOnDispose);
            }
        }
    }

    /// <summary>Pulls a NetKAN working copy that has a remote (the caller holds its lock). A failed pull is logged
    /// and the working copy used as it is: every stage that reads before writing pulls through here.</summary>
    public void TryPull(GitWorkingCopy copy)
    {
        if (copy.HasRemote)
        {
            TryPull(copy.Name, () => copy.PullPrimary(git.Value.Signature(time.GetUtcNow())));
        }
    }

    /// <summary>Pulls a CKAN-meta working copy that has a remote, as <see cref="TryPull(GitWorkingCopy)"/>.</summary>
    public void TryPull(CkanMetaRepository repository)
    {
        if (repository.Copy.HasRemote)
        {
            TryPull(repository.Copy.Name, repository.Pull);
        }
    }

    private void TryPull(string name, Func<PullResult> pull)
    {
        try
        {
            pull();
        }
        catch (LibGit2Sharp.LibGit2SharpException e)
        {
            _logger.LogWarning("Could not pull {Repository}: {Problem}; using the working copy as it is", name, e.Message);
        }
    }

    private static string FolderName(RepositoryKind kind) => kind == RepositoryKind.NetKan ? "NetKAN" : "CKAN-meta";

    private GitWorkingCopy OpenCopy(GameId game, RepositoryKind kind)
    {
        var repo = options.For(game, kind);
        var remote = string.IsNullOrWhiteSpace(repo.Remote) ? null : repo.Remote;
        return GitWorkingCopy.Open($"{game} {FolderName(kind)}", PathOf(game, kind), remote,
            GitCredentials.From(github.Token), loggers.CreateLogger<GitWorkingCopy>());
    }

    private async Task<T> OpenOnce<T>(ConcurrentDictionary<GameId, Lazy<Task<T>>> cache, GameId game, Func<T> open,
        CancellationToken cancellationToken)
    {
        // Cloning 30,000 files takes a while: do it off the caller's thread, once.
        var lazy = cache.GetOrAdd(game, _ => new Lazy<Task<T>>(() => Task.Run(open, CancellationToken.None)));
        try
        {
            return await lazy.Value.WaitAsync(cancellationToken).ConfigureAwait(false);
        }
        catch (Exception e) when (e is not OperationCanceledException)
        {
            _logger.LogError(e, "Could not open the {Game} repository", game);
            cache.TryRemove(new KeyValuePair<GameId, Lazy<Task<T>>>(game, lazy)); // try again next time
            throw;
        }
    }
}
