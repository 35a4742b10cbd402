using NetKAN.Bus.Contracts.Games;

namespace NetKAN.Bus.Services.ModCatalog;

/// <summary>The game's CKAN-meta repository, as the mirror webhook needs it.</summary>
public interface ICkanMetaFiles
{
    /// <summary>Those of <paramref name="paths"/> that are .ckan files on the primary branch of the game's CKAN-meta
    /// (pulled first when it has a remote), in the given order.</summary>
    Task<IReadOnlyList<string>> ExistingAsync(GameId game, IReadOnlyList<string> paths, CancellationToken cancellationToken);
}
