using NetKAN.Bus.Contracts.Queues;
using NetKAN.Bus.Contracts.Games;
using NetKAN.Bus.Services.Git;

namespace NetKAN.Bus.Services.ModCatalog;

/// <summary>Which pushed paths are real .ckan files of the game's CKAN-meta: looked up on the primary branch's tree
/// after a pull, never on the file system, so no path can reach outside the repository.</summary>
public sealed class CkanMetaFiles(GameRepositories repositories) : ICkanMetaFiles
{
    public async Task<IReadOnlyList<string>> ExistingAsync(GameId game, IReadOnlyList<string> paths, CancellationToken cancellationToken)
    {
        var wanted = paths.Where(MirrorMod.IsCkanPath).ToList();
        if (wanted.Count == 0)
        {
            return [];
        }
        await repositories.PullAsync(game, cancellationToken).ConfigureAwait(false);
        var ckanMeta = await repositories.CkanMetaAsync(game, cancellationToken).ConfigureAwait(false);
        using (await ckanMeta.LockAsync(cancellationToken).ConfigureAwait(false))
        {
            return wanted.Where(path => ckanMeta.FindBlob(path) is not null).ToList();
        }
    }
}
