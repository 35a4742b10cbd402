using NetKAN.Bus.Metadata.Games;

namespace NetKAN.Bus.Webhooks.Ports;

/// <summary>
/// Which games this process has repositories for. A route for another game answers 503 naming the missing
/// configuration, instead of failing deep inside the git layer. Without this port every game counts as served.
/// </summary>
public interface IServedGames
{
    bool Serves(GameId game);
}
