using NetKAN.Bus.Contracts.Games;

namespace NetKAN.Bus.Services.ModCatalog;

/// <summary>Removes a mod's packages from the shared download cache (the original purges a newly frozen mod's).</summary>
public interface IDownloadPurge
{
    /// <summary>Deletes the cached download of every .ckan the mod has in the game's CKAN-meta; returns the files removed.</summary>
    Task<IReadOnlyList<string>> PurgeAsync(GameId game, string identifier, CancellationToken cancellationToken);
}
