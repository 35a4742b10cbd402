using LibGit2Sharp;
using Microsoft.Extensions.Logging;
using NetKAN.Bus.Contracts.Games;

namespace NetKAN.Bus.Services.Git;

/// <summary>
/// A game's CKAN-meta working copy as the indexer uses it: an in-memory copy of the primary branch's tree (so
/// "is this .ckan already there?" is a hash lookup, and a commit writes three objects), commits of single files,
/// commits to staging branches, pulls and batched pushes. Every method except the async ones expects the caller
/// to hold <see cref="LockAsync"/>.
/// </summary>
public sealed class CkanMetaRepository : IDisposable
{
    /// <summary>Every commit leaves four loose objects, one of them the ~170 KB root tree: pack them now and then.</summary>
    public const int DefaultPackAfterObjects = 1000;

    /// <summary>How long no commit must come before the loose objects are packed.</summary>
    public static readonly TimeSpan DefaultPackWhenIdleFor = TimeSpan.FromSeconds(10);

    /// <summary>Past this many times <c>packAfterObjects</c>, packing waits for no lull: loose objects stay bounded
    /// on disk through a burst of any length.</summary>
    public const int PackAnywayFactor = 5;

    private const int MaxPushAttempts = 5;
    private readonly int _packAfterObjects;
    private readonly TimeSpan _packWhenIdleFor;
    private readonly CancellationTokenSource _closing = new();
    private Task _packing = Task.CompletedTask;
    private readonly ILogger _logger;
    private readonly Func<Signature> _signature;
    private MutableTree _tree;
    private ObjectId _treeCommit;
    private long _committed;
    private readonly TimeProvider _time;
    private DateTimeOffset _lastPull = DateTimeOffset.MinValue;

    public CkanMetaRepository(GameId game, GitWorkingCopy copy, Func<Signature> signature, TimeSpan pushLinger,
        TimeProvider time, ILogger logger, int packAfterObjects = DefaultPackAfterObjects, TimeSpan? packWhenIdleFor = null)
    {
        _packAfterObjects = packAfterObjects;
        _packWhenIdleFor = packWhenIdleFor ?? DefaultPackWhenIdleFor;
        _time = time;
        Game = game;
        Copy = copy;
        _signature = signature;
        _logger = logger;
        var head = copy.Head ?? throw new InvalidOperationException($"{copy.Name}: the primary branch has no commit");
        if (!copy.Cloned && !ShutDownCleanlyAt(head))
        {
            // This service owns the working copy: drop whatever a crash left uncommitted, so files match HEAD.
            // (After a clean shutdown they already do, and the reset's 1–1.5 s over 30k files is skipped.)
            copy.ResetToHead();
        }
        File.Delete(CleanShutdownMarker); // from here on, a crash leaves no marker and the next open resets
        if (copy.Objects.AdoptExisting() is > 0 and var left)
        {
            _logger.LogInformation("{Repository}: {Objects} loose objects from an earlier run will be packed with the next batch", copy.Name, left);
        }
        _treeCommit = head;
        _tree = MutableTree.Load(copy.Repository, copy.Objects, copy.Commit(head).Tree.Id);
        Pushes = new PushCoordinator(PushEverythingAsync, pushLinger, time);
        if (copy.HasRemote && copy.Tip(copy.RemotePrimaryRef) != head)
        {
            _committed = 1; // commits left unpushed by an earlier run: the next push carries them
        }
    }

    public GameId Game { get; }

    /// <summary>A file in the .git folder, written on a clean shutdown with the HEAD the working tree and index were
    /// left matching, and deleted when the repository is opened again.</summary>
    public const string CleanShutdownFileName = "netkan-bus-clean-shutdown";

    private string CleanShutdownMarker => Path.Combine(Copy.Repository.Info.Path, CleanShutdownFileName);

    private bool ShutDownCleanlyAt(ObjectId head)
    {
        try
        {
            return File.Exists(CleanShutdownMarker) && File.ReadAllText(CleanShutdownMarker).Trim() == head.Sha;
        }
        catch (IOException)
        {
            return false;
        }
    }

    public GitWorkingCopy Copy { get; }

    public PushCoordinator Pushes { get; }

    /// <summary>The primary branch's tip.</summary>
    public ObjectId Head => _treeCommit;

    /// <summary>The sequence number of the latest commit on the primary branch (compare with <see cref="PushCoordinator.Pushed"/>).</summary>
    public long Committed => Interlocked.Read(ref _committed);

    public Task<IDisposable> LockAsync(CancellationToken cancellationToken) => Copy.LockAsync(cancellationToken);

    /// <summary>How far back <see cref="RecentWriterOf"/> looks (first parents from HEAD).</summary>
    public const int RecentCommits = 100;

    private Dictionary<string, ObjectId>? _recentWriters;

    /// <summary>
    /// The commit among the last <see cref="RecentCommits"/> on the primary branch that last wrote
    /// <paramref name="path"/>, or null when none did (the caller holds the lock). A result delivered again after its
    /// commit was made — by a process killed before it recorded the outcome — names this commit, not HEAD.
    /// Built once from tree diffs (one file per commit, so cheap), then kept current by <see cref="CommitFile"/>.
    /// </summary>
    public ObjectId? RecentWriterOf(string path)
    {
        _recentWriters ??= RecentWriters();
        return _recentWriters.GetValueOrDefault(path);
    }

    private Dictionary<string, ObjectId> RecentWriters()
    {
        var writers = new Dictionary<string, ObjectId>(StringComparer.Ordinal);
        var commit = Copy.Commit(_treeCommit);
        for (var i = 0; i < RecentCommits && commit.Parents.FirstOrDefault() is { } parent; i++)
        {
            foreach (var change in Copy.Repository.Diff.Compare<TreeChanges>(parent.Tree, commit.Tree))
            {
                writers.TryAdd(change.Path, commit.Id); // newest first: the latest writer wins
            }
            commit = parent;
        }
        return writers;
    }

    /// <summary>The blob at a path of the primary branch, or null.</summary>
    public ObjectId? FindBlob(string path) => _tree.FindBlob(path);

    /// <summary>Commits one file to the primary branch (tree objects only, then the file in the working tree and the
    /// in-memory index, which is written to disk on pulls and on shutdown; after a crash, opening resets to HEAD).
    /// Returns the commit and its sequence number for <see cref="PushCoordinator.WaitUntilPushedAsync"/>.</summary>
    public (ObjectId Commit, long Sequence) CommitFile(string path, byte[] content, string message)
    {
        var blob = Copy.Objects.WriteBlob(content);
        _tree.SetBlob(path, blob);
        ObjectId commit;
        try
        {
            var tree = _tree.Write();
            commit = Copy.CommitTree(Copy.PrimaryRef, tree, [_treeCommit], message, _signature());
        }
        catch
        {
            ReloadTree(); // keep the in-memory tree equal to HEAD
            throw;
        }
        _treeCommit = commit;
        if (_recentWriters is not null)
        {
            _recentWriters[path] = commit;
        }
        Copy.WriteTrackedFile(path, content);
        return (commit, Interlocked.Increment(ref _committed));
    }

    /// <summary>
    /// Commits one file onto a staging branch: on top of the remote branch when it exists (fetched first), otherwise
    /// on top of the primary branch. Returns null when the branch already holds exactly this content.
    /// The working tree stays on the primary branch.
    /// </summary>
    public ObjectId? CommitToBranch(string branch, string path, byte[] content, string message)
    {
        var localRef = "refs/heads/" + branch;
        var baseCommit = (Copy.HasRemote ? Copy.Fetch(branch) : Copy.Tip(localRef)) ?? _treeCommit;
        var tree = MutableTree.Load(Copy.Repository, Copy.Objects, Copy.Commit(baseCommit).Tree.Id);
        var blob = GitObjectFormat.BlobId(content);
        if (tree.FindBlob(path) == blob)
        {
            return null;
        }
        Copy.Objects.WriteBlob(content);
        tree.SetBlob(path, blob);
        return Copy.CommitTree(localRef, tree.Write(), [baseCommit], message, _signature());
    }

    /// <summary>Pushes a staging branch (the caller holds the lock).</summary>
    public void PushBranch(string branch)
    {
        if (Copy.HasRemote)
        {
            Copy.Push("refs/heads/" + branch, "refs/heads/" + branch);
        }
    }

    /// <summary>Pulls when the last pull is older than <paramref name="interval"/> (the caller holds the lock), so
    /// commits start from what the remote has and pushes are rarely rejected. True when HEAD moved.</summary>
    public bool PullIfOlderThan(TimeSpan interval)
    {
        if (!Copy.HasRemote || _time.GetUtcNow() - _lastPull < interval)
        {
            return false;
        }
        return Pull().Moved;
    }

    /// <summary>Pulls the primary branch (the caller holds the lock); keeps the in-memory tree on the new HEAD.</summary>
    public PullResult Pull()
    {
        if (!Copy.HasRemote)
        {
            return new PullResult(_treeCommit, _treeCommit, PullKind.UpToDate);
        }
        var result = Copy.PullPrimary(_signature());
        _lastPull = _time.GetUtcNow();
        if (result.Moved)
        {
            ReloadTree();
            if (result.Kind == PullKind.Merged)
            {
                Interlocked.Increment(ref _committed);
            }
        }
        return result;
    }

    /// <summary>Pushes the primary branch once everything up to <paramref name="sequence"/> is committed.</summary>
    public Task WaitUntilPushedAsync(long sequence, CancellationToken cancellationToken) =>
        Copy.HasRemote ? Pushes.WaitUntilPushedAsync(sequence, cancellationToken) : Task.CompletedTask;

    /// <summary>Packs the loose objects this service wrote (with deltas, so 1,000 root trees shrink to a few hundred
    /// KB) on its own repository handle in the background, then deletes the loose copies.</summary>
    public Task PackLooseObjectsAsync()
    {
        var ids = Copy.Objects.TakeWritten();
        if (ids.Count == 0)
        {
            return Task.CompletedTask;
        }
        var started = DateTimeOffset.UtcNow;
        return Task.Run(() =>
        {
            try
            {
                Pack(ids, started);
            }
            catch (Exception e)
            {
                _logger.LogWarning(e, "{Repository}: packing loose objects failed; they stay loose", Copy.Name);
            }
        });
    }

    /// <summary>The packing that is waiting for a lull or running, if any (tests wait for it).</summary>
    public Task Packing => _packing;

    /// <summary>
    /// Called after each push: once <c>packAfterObjects</c> loose objects have piled up, packs them when no commit has
    /// come for <c>packWhenIdleFor</c>, or at once past <see cref="PackAnywayFactor"/> times as many. A burst of
    /// commits is not slowed by packing: its delta search takes a core for ~0.5 s per 1,000 objects, and after it
    /// deletes the loose copies ext4 makes every new file slower for a while (it skips recently freed inodes).
    /// </summary>
    private void PackWhenDue()
    {
        if (Copy.Objects.WrittenCount < _packAfterObjects || !_packing.IsCompleted)
        {
            return;
        }
        _packing = PackWhenIdleAsync(_closing.Token);
    }

    private async Task PackWhenIdleAsync(CancellationToken cancellationToken)
    {
        try
        {
            while (Copy.Objects.WrittenCount < _packAfterObjects * PackAnywayFactor)
            {
                var seen = Committed;
                await Task.Delay(_packWhenIdleFor, _time, cancellationToken).ConfigureAwait(false);
                if (Committed == seen)
                {
                    break;
                }
            }
        }
        catch (OperationCanceledException)
        {
            return; // closing: the objects stay loose, readable as they are
        }
        await PackLooseObjectsAsync().ConfigureAwait(false);
    }

    private void Pack(IReadOnlyList<ObjectId> ids, DateTimeOffset started)
    {
        // A handle of its own: the main one keeps serving commits meanwhile, and finds the objects in the new pack
        // once their loose copies are gone (libgit2 rescans the packs when an object is missing).
        using var repository = new Repository(Copy.Repository.Info.Path);
        var packs = Path.Combine(Copy.Repository.Info.Path, "objects", "pack");
        repository.ObjectDatabase.Pack(new PackBuilderOptions(packs), builder =>
        {
            foreach (var id in ids)
            {
                builder.Add(id);
            }
        });
        foreach (var id in ids)
        {
            Copy.Objects.DeleteLoose(id);
        }
        _logger.LogInformation("{Repository}: packed {Objects} loose objects in {Seconds:0.0} s", Copy.Name, ids.Count,
            (DateTimeOffset.UtcNow - started).TotalSeconds);
    }

    public void Dispose()
    {
        _closing.Cancel();
        _packing.Wait();
        _closing.Dispose();
        try
        {
            Copy.WriteIndex();
            File.WriteAllText(CleanShutdownMarker, _treeCommit.Sha);
        }
        catch (Exception e) when (e is LibGit2SharpException or IOException or UnauthorizedAccessException)
        {
            _logger.LogWarning(e, "{Repository}: could not write the index on shutdown", Copy.Name);
        }
        Copy.Dispose();
    }

    private async Task<long> PushEverythingAsync(CancellationToken cancellationToken)
    {
        using var held = await LockAsync(cancellationToken).ConfigureAwait(false);
        // libgit2's push blocks; run it on the pool so callers that handed over a batch of messages get to commit
        // theirs meanwhile (they wait for the lock), and the next push carries them all.
        return await Task.Run(PushWithRetries, cancellationToken).ConfigureAwait(false);
    }

    private long PushWithRetries()
    {
        var sequence = Committed;
        for (var attempt = 1; ; attempt++)
        {
            try
            {
                Copy.Push(Copy.PrimaryRef, Copy.PrimaryRef);
                _logger.LogInformation("Pushed {Repository} {Branch} at {Head}", Copy.Name, Copy.PrimaryBranch, _treeCommit.Sha[..7]);
                PackWhenDue();
                return sequence;
            }
            catch (PushRejectedException e) when (attempt < MaxPushAttempts)
            {
                _logger.LogInformation("{Problem}; pulling and pushing again (attempt {Attempt})", e.Message, attempt + 1);
                Pull();
                sequence = Committed;
            }
        }
    }

    private void ReloadTree()
    {
        _recentWriters = null; // HEAD moved some other way: rebuilt on the next question
        _treeCommit = Copy.Head!;
        _tree = MutableTree.Load(Copy.Repository, Copy.Objects, Copy.Commit(_treeCommit).Tree.Id);
    }
}
