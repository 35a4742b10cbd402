using System.Collections.Concurrent;
using LibGit2Sharp;
using Microsoft.Extensions.Logging;
using NetKAN.Bus.Metadata;
using NetKAN.Bus.Metadata.Ckan;
using NetKAN.Bus.Metadata.CkanMeta;
using NetKAN.Bus.Contracts.Games;
using NetKAN.Bus.Services.Git;

namespace NetKAN.Bus.Services.ModCatalog;

/// <summary>
/// Each game's highest indexed versions (the metadata core's <see cref="CkanMetaIndex"/>), kept in memory and tied
/// to the CKAN-meta commit it describes. The indexer of the same process records its commits here; when HEAD moved
/// some other way (a pull), only the changed .ckan files are read; otherwise the index is rebuilt from the commit's
/// tree by <see cref="CkanMetaTreeIndex"/>, which re-reads only mod folders whose tree id changed.
/// </summary>
public sealed class CkanMetaVersions(GameRepositories repositories, ILogger<CkanMetaVersions> logger)
{
    private readonly ConcurrentDictionary<GameId, Snapshot> _snapshots = new();

    /// <summary>The index for the game's CKAN-meta HEAD.</summary>
    public async Task<CkanMetaIndex> GetAsync(GameId game, CancellationToken cancellationToken)
    {
        var repository = await repositories.CkanMetaAsync(game, cancellationToken).ConfigureAwait(false);
        if (_snapshots.TryGetValue(game, out var current) && current.Commit == repository.Head)
        {
            return current.Index;
        }
        using var held = await repository.LockAsync(cancellationToken).ConfigureAwait(false);
        var head = repository.Head;
        if (_snapshots.TryGetValue(game, out current))
        {
            if (current.Commit == head)
            {
                return current.Index;
            }
            if (TryCatchUp(repository, current, head))
            {
                return current.Index;
            }
        }
        // From git objects, not the working directory: only mod folders whose tree changed since the last build (in
        // this process or an earlier one) are read.
        var index = CkanMetaTreeIndex.Build(repository.Copy.Repository, repository.Copy.Commit(head), repository.Copy.WorkingDirectory,
            logger, cancellationToken).Index;
        _snapshots[game] = new Snapshot(index, head);
        return index;
    }

    /// <summary>Takes a commit of the indexer into account: when it sits on the commit the index describes,
    /// the index just records the module; otherwise the next <see cref="GetAsync"/> catches up from git.</summary>
    public void Record(GameId game, CkanModule module, ObjectId parent, ObjectId commit)
    {
        if (_snapshots.TryGetValue(game, out var current) && current.Commit == parent)
        {
            lock (current)
            {
                if (current.Commit == parent)
                {
                    current.Index.Record(module.Identifier, module);
                    current.Commit = commit;
                }
            }
        }
    }

    /// <summary>Applies the .ckan files added or changed between the snapshot's commit and HEAD; false when a full
    /// scan is needed (deletions and renames can lower a highest version).</summary>
    private bool TryCatchUp(CkanMetaRepository repository, Snapshot snapshot, ObjectId head)
    {
        var repo = repository.Copy.Repository;
        var before = repo.Lookup<Commit>(snapshot.Commit);
        var after = repo.Lookup<Commit>(head);
        if (before is null || after is null)
        {
            return false;
        }
        var changes = repo.Diff.Compare<TreeChanges>(before.Tree, after.Tree);
        var modules = new List<CkanModule>();
        foreach (var change in changes)
        {
            if (!change.Path.EndsWith(".ckan", StringComparison.OrdinalIgnoreCase))
            {
                continue;
            }
            var folder = change.Path.Split('/')[0];
            if (change.Status is not (ChangeKind.Added or ChangeKind.Modified) || !CkanMetaIndex.IsIdentifier(folder))
            {
                return false;
            }
            try
            {
                var module = CkanModule.Parse(repo.Lookup<Blob>(change.Oid).GetContentText(), change.Path);
                if (module.Identifier != folder)
                {
                    return false;
                }
                modules.Add(module);
            }
            catch (MetadataException)
            {
                return false; // the scan skips unreadable files; let it decide
            }
        }
        lock (snapshot)
        {
            foreach (var module in modules)
            {
                snapshot.Index.Record(module.Identifier, module);
            }
            snapshot.Commit = head;
        }
        logger.LogInformation("Caught up {Game} CKAN-meta to {Commit}: {Files} changed .ckan files", repository.Game,
            head.Sha[..7], modules.Count);
        return true;
    }

    private sealed class Snapshot(CkanMetaIndex index, ObjectId commit)
    {
        public CkanMetaIndex Index { get; } = index;
        public ObjectId Commit { get; set; } = commit;
    }
}
