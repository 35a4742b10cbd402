using Microsoft.Extensions.Logging;
using NetKAN.Bus.Contracts.Lifecycle;
using NetKAN.Bus.Contracts.Queues;
using NetKAN.Bus.Metadata;
using NetKAN.Bus.Metadata.Documents;
using NetKAN.Bus.Contracts.Games;
using NetKAN.Bus.Sagas.Recording;
using NetKAN.Bus.Services.Git;

namespace NetKAN.Bus.Services.ModCatalog;

/// <summary>
/// Inflation on request (webhooks, CLI): pulls the game's NetKAN and CKAN-meta when they have remotes, reads
/// <c>NetKAN/&lt;identifier&gt;.netkan</c> for each identifier, sends the InflateMod messages in batches of 10 and
/// records <see cref="InflationRequested"/>. Frozen and unknown identifiers are reported, not sent.
/// </summary>
public sealed class InflationRequests(
    GameRepositories repositories,
    NetkanScanner scanner,
    CkanMetaVersions versions,
    ContractSender sender,
    IModLifecycle lifecycle,
    TimeProvider time,
    ILogger<InflationRequests> logger) : IInflationRequests
{
    public async Task<InflationRequestOutcome> RequestAsync(GameId game, IReadOnlyList<string> identifiers, string source,
        CancellationToken cancellationToken)
    {
        await repositories.PullAsync(game, cancellationToken).ConfigureAwait(false);
        var folder = await scanner.FolderAsync(game, cancellationToken).ConfigureAwait(false);
        var found = new List<ActiveNetkan>();
        var unknown = new List<string>();
        var frozen = new List<string>();
        foreach (var identifier in identifiers.Distinct(StringComparer.Ordinal))
        {
            var path = Path.Combine(folder, identifier + NetkanFile.NetkanExtension);
            if (!ModIdentifier.IsValid(identifier))
            {
                unknown.Add(identifier);
            }
            else if (File.Exists(path))
            {
                found.Add(ActiveNetkan.Read(path));
            }
            else if (File.Exists(Path.Combine(folder, identifier + NetkanFile.FrozenExtension)))
            {
                frozen.Add(identifier);
            }
            else
            {
                unknown.Add(identifier);
            }
        }

        if (found.Count > 0)
        {
            var index = await versions.GetAsync(game, cancellationToken).ConfigureAwait(false);
            var messages = found.Select(x => InflationRequestFactory.For(game, x, index)).ToList();
            await sender.SendManyAsync(messages, cancellationToken).ConfigureAwait(false);
            var now = time.GetUtcNow();
            var requested = found.Select((x, i) => new InflationRequested(game, x.Identifier, now, source,
                messages[i].HighestVersion, messages[i].HighestVersionPrerelease)).ToList();
            await lifecycle.RecordRequestsAsync(requested, cancellationToken).ConfigureAwait(false);
        }
        logger.LogInformation("Inflation requested by {Source} for {Game}: sent {Sent}, frozen {Frozen}, unknown {Unknown}",
            source, game, string.Join(", ", found.Select(x => x.Identifier)), string.Join(", ", frozen), string.Join(", ", unknown));
        return new InflationRequestOutcome(found.Select(x => x.Identifier).ToList(), unknown, frozen);
    }
}
