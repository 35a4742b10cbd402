using NetKAN.Bus.Contracts.Games;

namespace NetKAN.Bus.Services.ModCatalog;

/// <summary>
/// "Please inflate these mods": reads each <c>NetKAN/&lt;identifier&gt;.netkan</c> of the game's NetKAN repo
/// (pulling it first when the repo has a remote), sends an <c>InflateMod</c> with the mod's highest indexed
/// versions (unless the netkan allows out-of-order versions), and records <c>InflationRequested</c>.
/// Used by the webhooks and the CLI; implemented by the Services host over the git repositories.
/// </summary>
public interface IInflationRequests
{
    Task<InflationRequestOutcome> RequestAsync(GameId game, IReadOnlyList<string> identifiers, string source,
        CancellationToken cancellationToken);
}

/// <param name="Sent">Identifiers an InflateMod was sent for.</param>
/// <param name="Unknown">Identifiers with no .netkan (nor .frozen) file.</param>
/// <param name="Frozen">Identifiers whose netkan is frozen (never inflated).</param>
public sealed record InflationRequestOutcome(
    IReadOnlyList<string> Sent,
    IReadOnlyList<string> Unknown,
    IReadOnlyList<string> Frozen);
