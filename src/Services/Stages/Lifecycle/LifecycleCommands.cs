using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;
using NetKAN.Bus.Contracts.Queues;
using NetKAN.Bus.Metadata.Documents;
using NetKAN.Bus.Contracts.Games;
using NetKAN.Bus.Sagas.Lifecycle;
using NetKAN.Bus.Services.ModCatalog;

namespace NetKAN.Bus.Services.Lifecycle;

/// <summary>
/// The saga's requests to the stages, as queue messages: a <see cref="MirrorMod"/> needs nothing but the queue; an
/// <see cref="InflateMod"/> needs the game's NetKAN catalog, which only hosts with git roles (scheduler, indexer,
/// webhooks) have — the lifecycle sweep that re-requests inflations runs with the scheduler.
/// </summary>
public sealed class LifecycleCommands(ContractSender sender, IServiceProvider services, ILogger<LifecycleCommands> logger)
    : ILifecycleCommands
{
    public Task RequestMirrorAsync(GameId game, string ckanPath, CancellationToken cancellationToken)
    {
        logger.LogInformation("Mirror requested for {Game}/{Path}", game, ckanPath);
        return sender.SendAsync(new MirrorMod(game, ckanPath), cancellationToken);
    }

    public async Task RequestInflationAsync(GameId game, string identifier, CancellationToken cancellationToken)
    {
        var scanner = services.GetService<NetkanScanner>();
        var versions = services.GetService<CkanMetaVersions>();
        if (scanner is null || versions is null)
        {
            throw new InvalidOperationException($"This host has no NetKAN catalog to re-request {game}/{identifier} from.");
        }
        var path = Path.Combine(await scanner.FolderAsync(game, cancellationToken).ConfigureAwait(false),
            identifier + NetkanFile.NetkanExtension);
        if (!File.Exists(path))
        {
            logger.LogWarning("Not re-requesting {Game}/{Identifier}: it has no .netkan any more", game, identifier);
            return;
        }
        var index = await versions.GetAsync(game, cancellationToken).ConfigureAwait(false);
        var message = InflationRequestFactory.For(game, ActiveNetkan.Read(path), index);
        await sender.SendAsync(message, cancellationToken).ConfigureAwait(false);
        logger.LogInformation("Inflation re-requested for {Game}/{Identifier}", game, identifier);
    }
}
