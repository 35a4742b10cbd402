using NetKAN.Bus.Contracts.Games;

namespace NetKAN.Bus.Services.ModCatalog;

/// <summary>
/// Which games this process has repositories for. A route for another game answers 503 naming the missing
/// configuration, instead of failing deep inside the git layer. Without this port every game counts as served.
/// </summary>
public interface IServedGames
{
    bool Serves(GameId game);
}
