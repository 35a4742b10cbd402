using NetKAN.Bus.Contracts.Games;

namespace NetKAN.Bus.Sagas.Lifecycle;

/// <summary>
/// What the ModLifecycle saga asks the stages to do. Sends commands only; it never records lifecycle events (the saga
/// records on its own row), so the saga cannot re-enter itself.
/// </summary>
public interface ILifecycleCommands
{
    /// <summary>Puts a <c>MirrorMod</c> for this CKAN-meta path on the mirroring queue.</summary>
    Task RequestMirrorAsync(GameId game, string ckanPath, CancellationToken cancellationToken);

    /// <summary>Puts an <c>InflateMod</c> for the mod's current .netkan on its inflation queue.</summary>
    Task RequestInflationAsync(GameId game, string identifier, CancellationToken cancellationToken);
}
