using NetKAN.Bus.Contracts.Games;
using NetKAN.Bus.Services.Git;

namespace NetKAN.Bus.Services.ModCatalog;

/// <summary>Questions the webhooks ask about the game's NetKAN and CKAN-meta repositories.</summary>
public interface INetkanCatalog
{
    /// <summary>Active (not frozen) netkans whose <c>$kref</c> is <c>#/ckan/spacedock/&lt;modId&gt;</c>.</summary>
    Task<IReadOnlyList<string>> FindBySpaceDockIdAsync(GameId game, string modId, CancellationToken cancellationToken);

    /// <summary>The ref a push must be on to count, e.g. <c>refs/heads/master</c>, for NetKAN or CKAN-meta.</summary>
    Task<string> PrimaryBranchRefAsync(GameId game, RepositoryKind repository, CancellationToken cancellationToken);
}
