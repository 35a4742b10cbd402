using LibGit2Sharp;
using LibGit2Sharp.Handlers;
using Microsoft.Extensions.Logging;

namespace NetKAN.Bus.Services.Git;

/// <summary>
/// One working copy of a NetKAN or CKAN-meta repository (LibGit2Sharp): cloned from its remote or opened as it is,
/// on the primary branch (taken from <c>origin/HEAD</c>: <c>main</c> or <c>master</c>). Pulls merge the remote into the
/// primary branch favouring our side on conflicts (the original's <c>git pull -X ours</c>); pushes report a rejection
/// (the remote moved) as <see cref="PushRejectedException"/> so the caller can pull and push again.
/// Commits are written straight into the object database (<see cref="CommitTree"/>); the working tree and index follow
/// only the paths that changed. LibGit2Sharp objects are not thread-safe: hold <see cref="LockAsync"/> around every use.
/// </summary>
public sealed class GitWorkingCopy : IDisposable
{
    private const string RemoteName = "origin";
    private readonly SemaphoreSlim _lock = new(1, 1);
    private readonly CredentialsHandler _credentials;
    private readonly ILogger _logger;

    static GitWorkingCopy()
    {
        // libgit2 hashes every object again as it reads it (strict hash verification, on by default); git itself
        // does not. For the indexer that is each ~170 KB root tree several times per push (walk, delta search,
        // pack writing): 15 % of the changed path's CPU. Objects fetched from a remote are still hashed as their
        // pack is indexed.
        GlobalSettings.SetStrictHashVerification(false);
    }

    private GitWorkingCopy(string name, Repository repository, string? remoteUrl, string primaryBranch,
        CredentialsHandler credentials, ILogger logger)
    {
        Name = name;
        Repository = repository;
        Objects = LooseObjects.For(repository);
        RemoteUrl = remoteUrl;
        PrimaryBranch = primaryBranch;
        _credentials = credentials;
        _logger = logger;
    }

    /// <summary>This process's hold on the copy (stale git lock files were removed when it was taken).</summary>
    private WorkingCopyOwnership? Ownership { get; init; }

    /// <summary>True when <see cref="Open"/> cloned the repository (so its working tree is fresh).</summary>
    public bool Cloned { get; private init; }

    /// <summary>For logs, e.g. <c>ksp CKAN-meta</c>.</summary>
    public string Name { get; }

    public Repository Repository { get; }

    /// <summary>Fast writes of new objects into this repository.</summary>
    public LooseObjects Objects { get; }

    public string WorkingDirectory => Repository.Info.WorkingDirectory;

    /// <summary>The configured remote, or null for a working copy used as it is (no pulls, no pushes).</summary>
    public string? RemoteUrl { get; }

    public bool HasRemote => RemoteUrl is not null;

    public string PrimaryBranch { get; }

    /// <summary>e.g. <c>refs/heads/main</c>.</summary>
    public string PrimaryRef => "refs/heads/" + PrimaryBranch;

    public string RemotePrimaryRef => RemoteRef(PrimaryBranch);

    /// <summary>The tip of the local primary branch.</summary>
    public ObjectId? Head => Tip(PrimaryRef);

    /// <summary>Clones <paramref name="remote"/> into <paramref name="path"/> unless a repository is already there;
    /// opens it, points <c>origin</c> at the remote and makes sure the primary branch is checked out.</summary>
    public static GitWorkingCopy Open(string name, string path, string? remote, CredentialsHandler credentials, ILogger logger)
    {
        var cloned = false;
        if (!Repository.IsValid(path))
        {
            if (remote is null)
            {
                throw new InvalidOperationException(
                    $"{name}: {path} is not a git working copy and no remote is configured to clone it from.");
            }
            if (Directory.Exists(path) && Directory.EnumerateFileSystemEntries(path).Any())
            {
                throw new InvalidOperationException($"{name}: {path} exists, is not empty and is not a git working copy.");
            }
            logger.LogInformation("Cloning {Repository} from {Remote} into {Path}", name, remote, path);
            Repository.Clone(remote, path, new CloneOptions(new FetchOptions { CredentialsProvider = credentials }));
            cloned = true;
        }

        var repository = new Repository(path);
        WorkingCopyOwnership? ownership = null;
        try
        {
            ownership = WorkingCopyOwnership.Take(name, repository.Info.Path, logger);
            if (remote is not null)
            {
                if (repository.Network.Remotes[RemoteName] is { } existing)
                {
                    if (existing.Url != remote)
                    {
                        repository.Network.Remotes.Update(RemoteName, r => r.Url = remote);
                    }
                }
                else
                {
                    repository.Network.Remotes.Add(RemoteName, remote);
                }
            }
            var primary = FindPrimaryBranch(repository, remote is not null, credentials);
            var copy = new GitWorkingCopy(name, repository, remote, primary, credentials, logger)
            {
                Cloned = cloned,
                Ownership = ownership,
            };
            copy.EnsurePrimaryCheckedOut();
            logger.LogInformation("Opened {Repository} at {Path} on {Branch} ({Head})", name, path, primary, copy.Head?.Sha[..7]);
            return copy;
        }
        catch
        {
            ownership?.Dispose();
            repository.Dispose();
            throw;
        }
    }

    /// <summary>Waits for exclusive use of this working copy.</summary>
    public async Task<IDisposable> LockAsync(CancellationToken cancellationToken)
    {
        await _lock.WaitAsync(cancellationToken).ConfigureAwait(false);
        return new Releaser(_lock);
    }

    public static string RemoteRef(string branch) => $"refs/remotes/{RemoteName}/{branch}";

    public ObjectId? Tip(string reference) =>
        Repository.Refs[reference]?.ResolveToDirectReference()?.Target?.Id;

    public Commit Commit(ObjectId id) =>
        Repository.Lookup<Commit>(id) ?? throw new InvalidOperationException($"{Name}: commit {id} is missing");

    /// <summary>Fetches one branch of the remote into <c>refs/remotes/origin/&lt;branch&gt;</c>; returns its tip,
    /// or null when the remote has no such branch.</summary>
    public ObjectId? Fetch(string branch)
    {
        RequireRemote();
        // A branch the remote does not have (any more) simply fetches nothing: drop a stale tracking ref first.
        if (branch != PrimaryBranch && Repository.Refs[RemoteRef(branch)] is { } stale)
        {
            Repository.Refs.Remove(stale);
        }
        Commands.Fetch(Repository, RemoteName, [$"+refs/heads/{branch}:{RemoteRef(branch)}"],
            new FetchOptions { CredentialsProvider = _credentials, TagFetchMode = TagFetchMode.None }, null);
        return Tip(RemoteRef(branch));
    }

    /// <summary>
    /// Fetches the primary branch and merges it into ours: fast-forward when we have nothing new, otherwise a merge
    /// commit whose conflicting hunks keep our side (<c>-X ours</c>). Updates the working tree for the changed paths.
    /// </summary>
    public PullResult PullPrimary(Signature signature)
    {
        var before = Head ?? throw new InvalidOperationException($"{Name}: the primary branch {PrimaryBranch} has no commit");
        var theirs = Fetch(PrimaryBranch);
        if (theirs is null || theirs == before)
        {
            return new PullResult(before, before, PullKind.UpToDate);
        }
        var ours = Commit(before);
        var remote = Commit(theirs);
        var mergeBase = Repository.ObjectDatabase.FindMergeBase(ours, remote)?.Id;
        if (mergeBase == theirs)
        {
            return new PullResult(before, before, PullKind.UpToDate); // we are ahead; the push will carry it
        }
        if (mergeBase == before)
        {
            MovePrimary(theirs, before);
            _logger.LogInformation("Pulled {Repository}: fast-forward {From}..{To}", Name, before.Sha[..7], theirs.Sha[..7]);
            return new PullResult(before, theirs, PullKind.FastForward);
        }

        var merge = Repository.ObjectDatabase.MergeCommits(ours, remote,
            new MergeTreeOptions { MergeFileFavor = MergeFileFavor.Ours, FailOnConflict = false });
        if (merge.Status != MergeTreeStatus.Succeeded)
        {
            var paths = string.Join(", ", merge.Conflicts.Select(x => x.Ours?.Path ?? x.Theirs?.Path).Take(5));
            throw new InvalidOperationException($"{Name}: merging {RemoteName}/{PrimaryBranch} conflicts in {paths}");
        }
        var merged = CommitTree(PrimaryRef, merge.Tree.Id, [before, theirs],
            $"Merge branch '{PrimaryBranch}' of {RemoteUrl}", signature);
        SyncWorkingTree(ours.Tree, merge.Tree);
        _logger.LogInformation("Pulled {Repository}: merged {Theirs} into {Ours} as {Merge}", Name,
            theirs.Sha[..7], before.Sha[..7], merged.Sha[..7]);
        return new PullResult(before, merged, PullKind.Merged);
    }

    /// <summary>Writes a commit of <paramref name="tree"/> with the given parents and points <paramref name="reference"/>
    /// at it. Does not touch the working tree.</summary>
    public ObjectId CommitTree(string reference, ObjectId tree, IReadOnlyList<ObjectId> parents, string message, Signature signature) =>
        CommitTree(reference, tree, parents, message, signature, signature);

    /// <summary>The same with a separate author (e.g. the SpaceDock user a mod is added for) and committer (the bot).</summary>
    public ObjectId CommitTree(string reference, ObjectId tree, IReadOnlyList<ObjectId> parents, string message,
        Signature author, Signature committer)
    {
        var commit = Objects.WriteCommit(GitObjectFormat.Commit(tree, parents, author, committer, message));
        var log = $"commit: {message.Split('\n')[0]}";
        if (Repository.Refs[reference] is { } existing)
        {
            Repository.Refs.UpdateTarget(existing, commit, log);
        }
        else
        {
            Repository.Refs.Add(reference, commit, log, allowOverwrite: false);
        }
        return commit;
    }

    /// <summary>Pushes a local ref to a remote ref; throws <see cref="PushRejectedException"/> when the remote
    /// refuses because it moved on.</summary>
    public void Push(string localRef, string remoteRef)
    {
        RequireRemote();
        var errors = PushOnce(localRef, remoteRef);
        if (errors.Count > 0 && errors.Any(RemovedStaleRemoteLock))
        {
            errors = PushOnce(localRef, remoteRef);
        }
        if (errors.Count > 0)
        {
            throw new PushRejectedException($"{Name}: push of {localRef} to {remoteRef} was rejected: {string.Join("; ", errors)}");
        }
    }

    private List<string> PushOnce(string localRef, string remoteRef)
    {
        var errors = new List<string>();
        var options = new PushOptions
        {
            CredentialsProvider = _credentials,
            OnPushStatusError = e => errors.Add($"{e.Reference}: {e.Message}"),
        };
        try
        {
            Repository.Network.Push(Repository.Network.Remotes[RemoteName], $"{localRef}:{remoteRef}", options);
        }
        catch (LibGit2SharpException e) when (IsRejection(e))
        {
            throw new PushRejectedException($"{Name}: push of {localRef} to {remoteRef} was rejected: {e.Message}", e);
        }
        catch (LibGit2SharpException e) when (LockedFile(e.Message) is not null)
        {
            errors.Add(e.Message);
        }
        return errors;
    }

    /// <summary>
    /// A push to a remote on this machine (the demo's, the tests') takes git's lock files inside that repository; a
    /// process killed mid-push leaves them there, and every later push fails with "failed to lock file". The lock is
    /// removed by the working copies' own rule for leftovers (<see cref="WorkingCopyOwnership.RemoveOnceStale"/>).
    /// True when the push is worth trying again.
    /// </summary>
    private bool RemovedStaleRemoteLock(string error)
    {
        if (LocalRemoteDirectory() is not { } remote || LockedFile(error) is not { } lockFile
            || !lockFile.StartsWith(remote + Path.DirectorySeparatorChar, StringComparison.Ordinal))
        {
            return false;
        }
        WorkingCopyOwnership.RemoveOnceStale($"{Name} remote", lockFile, _logger);
        return true;
    }

    /// <summary>The lock file named by a libgit2 "failed to lock file '…'" error, as a full path.</summary>
    private static string? LockedFile(string error)
    {
        const string marker = "failed to lock file '";
        var start = error.IndexOf(marker, StringComparison.Ordinal);
        var end = start < 0 ? -1 : error.IndexOf('\'', start + marker.Length);
        var path = end < 0 ? null : error[(start + marker.Length)..end];
        return path is not null && path.EndsWith(".lock", StringComparison.Ordinal) && Path.IsPathRooted(path)
            ? Path.GetFullPath(path)
            : null;
    }

    /// <summary>The remote's folder when it is a repository on this machine (a path or a file:// URL), else null.</summary>
    private string? LocalRemoteDirectory()
    {
        var url = RemoteUrl;
        if (url is null)
        {
            return null;
        }
        if (url.StartsWith("file://", StringComparison.OrdinalIgnoreCase))
        {
            url = new Uri(url).LocalPath;
        }
        else if (url.Contains("://", StringComparison.Ordinal) || !Path.IsPathRooted(url))
        {
            return null;
        }
        return Directory.Exists(url) ? Path.GetFullPath(url).TrimEnd(Path.DirectorySeparatorChar) : null;
    }

    /// <summary>Makes the working tree and index match <paramref name="after"/> for every path that differs from
    /// <paramref name="before"/> (which they are assumed to match).</summary>
    public void SyncWorkingTree(Tree before, Tree after)
    {
        var changes = Repository.Diff.Compare<TreeChanges>(before, after);
        var index = Repository.Index;
        foreach (var change in changes)
        {
            var path = Path.Combine(WorkingDirectory, change.Path);
            switch (change.Status)
            {
                case ChangeKind.Deleted:
                    File.Delete(path);
                    index.Remove(change.Path);
                    break;
                case ChangeKind.Added or ChangeKind.Modified or ChangeKind.TypeChanged:
                    var blob = Repository.Lookup<Blob>(change.Oid);
                    Directory.CreateDirectory(Path.GetDirectoryName(path)!);
                    using (var target = File.Create(path))
                    using (var content = blob.GetContentStream())
                    {
                        content.CopyTo(target);
                    }
                    index.Add(change.Path);
                    break;
            }
        }
        index.Write();
    }

    /// <summary>Writes a file of the primary branch into the working tree and the in-memory index (written to disk
    /// by <see cref="WriteIndex"/>), so the working copy keeps matching the commits built from trees.</summary>
    public void WriteTrackedFile(string relativePath, byte[] content)
    {
        var path = Path.Combine(WorkingDirectory, relativePath);
        Directory.CreateDirectory(Path.GetDirectoryName(path)!);
        File.WriteAllBytes(path, content);
        Repository.Index.Add(relativePath);
    }

    public void WriteIndex() => Repository.Index.Write();

    /// <summary>Throws away anything in the working tree and index that is not committed (a crash between writing
    /// a file and committing it, or an index not yet written). Only for repositories this service owns.</summary>
    public void ResetToHead()
    {
        if (Head is { } head)
        {
            Repository.Reset(ResetMode.Hard, Commit(head));
        }
    }

    public void Dispose()
    {
        Repository.Dispose();
        Ownership?.Dispose();
        _lock.Dispose();
    }

    private void MovePrimary(ObjectId target, ObjectId before)
    {
        var reference = Repository.Refs[PrimaryRef];
        Repository.Refs.UpdateTarget(reference, target, $"pull: fast-forward to {target.Sha[..7]}");
        SyncWorkingTree(Commit(before).Tree, Commit(target).Tree);
    }

    private void EnsurePrimaryCheckedOut()
    {
        if (Repository.Refs[PrimaryRef] is null)
        {
            var remoteTip = Tip(RemotePrimaryRef)
                            ?? throw new InvalidOperationException($"{Name}: branch {PrimaryBranch} exists neither locally nor on {RemoteName}");
            Repository.Refs.Add(PrimaryRef, remoteTip);
        }
        if (Repository.Refs.Head is { } head && head.TargetIdentifier != PrimaryRef)
        {
            _logger.LogInformation("{Repository}: checking out {Branch}", Name, PrimaryBranch);
            Commands.Checkout(Repository, PrimaryBranch);
        }
    }

    private static string FindPrimaryBranch(Repository repository, bool hasRemote, CredentialsHandler credentials)
    {
        const string remoteHead = "refs/remotes/" + RemoteName + "/HEAD";
        const string remotePrefix = "refs/remotes/" + RemoteName + "/";
        if (repository.Refs[remoteHead] is SymbolicReference { TargetIdentifier: var target } && target.StartsWith(remotePrefix, StringComparison.Ordinal))
        {
            return target[remotePrefix.Length..];
        }
        if (hasRemote)
        {
            var head = repository.Network.ListReferences(repository.Network.Remotes[RemoteName], credentials)
                .OfType<SymbolicReference>()
                .FirstOrDefault(x => x.CanonicalName == "HEAD");
            if (head?.TargetIdentifier is { } remoteTarget && remoteTarget.StartsWith("refs/heads/", StringComparison.Ordinal))
            {
                var branch = remoteTarget["refs/heads/".Length..];
                repository.Refs.Add(remoteHead, remotePrefix + branch, allowOverwrite: true);
                return branch;
            }
        }
        if (repository.Refs.Head?.TargetIdentifier is { } local && local.StartsWith("refs/heads/", StringComparison.Ordinal))
        {
            return local["refs/heads/".Length..];
        }
        return repository.Refs["refs/heads/main"] is not null ? "main" : "master";
    }

    private void RequireRemote()
    {
        if (!HasRemote)
        {
            throw new InvalidOperationException($"{Name} has no remote configured.");
        }
    }

    private static bool IsRejection(LibGit2SharpException e) =>
        e is NonFastForwardException
        || e.Message.Contains("non-fastforward", StringComparison.OrdinalIgnoreCase)
        || e.Message.Contains("not present locally", StringComparison.OrdinalIgnoreCase)
        || e.Message.Contains("fetch first", StringComparison.OrdinalIgnoreCase);

    private sealed class Releaser(SemaphoreSlim semaphore) : IDisposable
    {
        private int _released;

        public void Dispose()
        {
            if (Interlocked.Exchange(ref _released, 1) == 0)
            {
                semaphore.Release();
            }
        }
    }
}

public enum PullKind
{
    UpToDate,
    FastForward,
    Merged,
}

/// <summary>What a pull did to the primary branch.</summary>
public sealed record PullResult(ObjectId Before, ObjectId After, PullKind Kind)
{
    public bool Moved => Before != After;
}

/// <summary>The remote refused a push because it has commits we do not (pull, then push again).</summary>
public sealed class PushRejectedException(string message, Exception? inner = null) : Exception(message, inner);
