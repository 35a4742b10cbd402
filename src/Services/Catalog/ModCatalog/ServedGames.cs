using NetKAN.Bus.Contracts.Games;
using NetKAN.Bus.Services.Git;

namespace NetKAN.Bus.Services.ModCatalog;

/// <summary>The games with a <c>Repos:&lt;game&gt;</c> section: the only ones whose webhooks this process can serve.</summary>
public sealed class ServedGames(RepositoriesOptions repositories) : IServedGames
{
    public bool Serves(GameId game) => repositories.Games.ContainsKey(game);
}
