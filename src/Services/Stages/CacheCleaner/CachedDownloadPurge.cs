using Microsoft.Extensions.Logging;
using NetKAN.Bus.Inflator.Downloads;
using NetKAN.Bus.Metadata;
using NetKAN.Bus.Metadata.Ckan;
using NetKAN.Bus.Contracts.Games;
using NetKAN.Bus.Services.Git;
using NetKAN.Bus.Services.ModCatalog;

namespace NetKAN.Bus.Services.CacheCleaner;

/// <summary>
/// As the original's freeze handling: every <c>&lt;identifier&gt;/*.ckan</c> in the game's CKAN-meta names download URLs;
/// their cached packages (and sidecars) are deleted so a frozen mod stops taking disk space.
/// </summary>
public sealed class CachedDownloadPurge(GameRepositories repositories, DownloadCacheLayout cache, ILogger<CachedDownloadPurge> logger)
    : IDownloadPurge
{
    public async Task<IReadOnlyList<string>> PurgeAsync(GameId game, string identifier, CancellationToken cancellationToken)
    {
        await repositories.CkanMetaAsync(game, cancellationToken).ConfigureAwait(false);
        var folder = Path.Combine(repositories.PathOf(game, RepositoryKind.CkanMeta), identifier);
        if (!Directory.Exists(folder))
        {
            return [];
        }
        var urls = new List<string>();
        foreach (var file in Directory.EnumerateFiles(folder, "*.ckan"))
        {
            try
            {
                urls.AddRange(CkanModule.Parse(await File.ReadAllTextAsync(file, cancellationToken).ConfigureAwait(false)).Downloads);
            }
            catch (MetadataException e)
            {
                logger.LogWarning("Not purging downloads of {File}: {Problem}", file, e.Message);
            }
        }
        var removed = cache.Purge(urls.Distinct(StringComparer.Ordinal));
        logger.LogInformation("Purged {Count} cached download(s) of frozen {Identifier} ({Game})", removed.Count, identifier, game);
        return removed;
    }
}
