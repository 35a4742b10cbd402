using NetKAN.Bus.Contracts.Games;
using NetKAN.Bus.Services.Git;

namespace NetKAN.Bus.Services.ModCatalog;

/// <summary>The webhooks' questions about the repositories, answered from the game's working copies.</summary>
public sealed class NetkanCatalog(GameRepositories repositories, NetkanScanner scanner) : INetkanCatalog
{
    public async Task<IReadOnlyList<string>> FindBySpaceDockIdAsync(GameId game, string modId, CancellationToken cancellationToken)
    {
        await repositories.PullAsync(game, cancellationToken).ConfigureAwait(false);
        var active = await scanner.ActiveAsync(game, cancellationToken).ConfigureAwait(false);
        return active
            .Where(x => x.Summary is { KrefSource: "spacedock" } summary && summary.KrefId == modId)
            .Select(x => x.Identifier)
            .ToList();
    }

    public async Task<string> PrimaryBranchRefAsync(GameId game, RepositoryKind repository, CancellationToken cancellationToken) =>
        repository == RepositoryKind.NetKan
            ? (await repositories.NetKanAsync(game, cancellationToken).ConfigureAwait(false)).PrimaryRef
            : (await repositories.CkanMetaAsync(game, cancellationToken).ConfigureAwait(false)).Copy.PrimaryRef;
}
