using NetKAN.Bus.Metadata.Games;
using NetKAN.Bus.Services.Git;
using NetKAN.Bus.Webhooks.Ports;

namespace NetKAN.Bus.Services.Scheduler;

/// <summary>The games with a <c>Repos:&lt;game&gt;</c> section: the only ones whose webhooks this process can serve.</summary>
public sealed class ServedGames(RepositoriesOptions repositories) : IServedGames
{
    public bool Serves(GameId game) => repositories.Games.ContainsKey(game);
}
