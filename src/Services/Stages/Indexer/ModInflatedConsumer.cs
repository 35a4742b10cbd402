using MassTransit;
using Microsoft.Extensions.Logging;
using NetKAN.Bus.Contracts.Lifecycle;
using NetKAN.Bus.Contracts.Queues;
using NetKAN.Bus.Inflator.Downloads;
using NetKAN.Bus.Metadata;
using NetKAN.Bus.Metadata.Ckan;
using NetKAN.Bus.Sagas.Recording;
using NetKAN.Bus.Services.Mirrorer;

namespace NetKAN.Bus.Services.Indexer;

/// <summary>
/// The Indexer stage: takes an inflation result from the outbound queue; a failure is recorded
/// (<see cref="InflationFailed"/>); a success is put into CKAN-meta (<see cref="CkanIndexer"/>) and recorded with its
/// outcome in one status update (<see cref="InflatedAndIndexed"/>), or as <see cref="InflationSucceeded"/> then
/// <see cref="IndexingFailed"/> when it could not be indexed.
/// Completes only when everything is recorded and any commit is pushed; a git or network failure is recorded and
/// rethrown so the message is tried again (its commit, if made, is then pushed by the retry).
/// </summary>
public sealed class ModInflatedConsumer(
    IModLifecycle lifecycle,
    CkanIndexer indexer,
    DownloadCacheLayout downloads,
    TimeProvider time,
    ILogger<ModInflatedConsumer> logger) : IConsumer<ModInflated>
{
    public async Task Consume(ConsumeContext<ModInflated> context)
    {
        var message = context.Message;
        var cancellationToken = context.CancellationToken;
        if (!message.Success)
        {
            var error = string.IsNullOrWhiteSpace(message.ErrorMessage) ? "Inflation failed (no error message)" : message.ErrorMessage;
            await lifecycle.RecordAsync(new InflationFailed(message.Game, message.Identifier, message.CheckTime, error,
                message.Warnings), cancellationToken).ConfigureAwait(false);
            logger.LogWarning("Inflation of {Identifier} ({Game}) failed: {Error}", message.Identifier, message.Game, error);
            return;
        }

        CkanModule module;
        try
        {
            module = CkanModule.Parse(message.Ckan, message.FileName);
        }
        catch (MetadataException e)
        {
            await lifecycle.RecordAsync(new InflationSucceeded(message.Game, message.Identifier, message.CheckTime,
                FileName: message.FileName, Warnings: message.Warnings, Staged: message.Staged,
                StagingReason: message.StagingReason), cancellationToken).ConfigureAwait(false);
            await FailAsync(message, $"The inflated .ckan cannot be indexed: {e.Message}", cancellationToken).ConfigureAwait(false);
            return;
        }

        var inflated = new InflationSucceeded(message.Game, message.Identifier, message.CheckTime,
            module.Version.ToString(), message.FileName, message.Warnings, message.Staged, message.StagingReason,
            module.ReleaseDate, module.Resources, downloads.LastDownloaded(module.Downloads.FirstOrDefault()));

        IndexResult result;
        try
        {
            result = await indexer.IndexAsync(message, module, cancellationToken).ConfigureAwait(false);
        }
        catch (IndexingRejectedException e)
        {
            await lifecycle.RecordAsync(inflated, cancellationToken).ConfigureAwait(false);
            await FailAsync(message, e.Message, cancellationToken).ConfigureAwait(false);
            return;
        }
        catch (Exception e) when (!cancellationToken.IsCancellationRequested)
        {
            await lifecycle.RecordAsync(inflated, cancellationToken).ConfigureAwait(false);
            await FailAsync(message, $"{e.GetType().Name}: {e.Message}", cancellationToken).ConfigureAwait(false);
            throw;
        }

        // One status update for both: the result and its index outcome are saved together before the message
        // completes (a crash in between leaves the request awaiting its result, and the redelivery records both).
        // The saga requests the mirror of a redistributable file (see docs/lifecycle.md); the licence rule is the mirrorer's.
        var indexed = new ModIndexed(message.Game, message.Identifier, time.GetUtcNow(), result.Outcome,
            result.FileName, result.Commit, result.PullRequestUrl, module.Licenses.Any(MirrorLicenses.Redistributable.Contains));
        await lifecycle.RecordAsync(new InflatedAndIndexed(inflated, indexed), cancellationToken).ConfigureAwait(false);
        // One line per result (the version it was inflated at and what indexing did): at thousands of unchanged results a
        // second line per message cost ≈3% of the indexer's CPU and said nothing this one does not.
        logger.LogInformation("Indexed {Identifier} ({Game}) {Version}: {Outcome} {FileName}{PullRequest}", message.Identifier,
            message.Game, module.Version, result.Outcome, result.FileName,
            result.PullRequestUrl is null ? "" : " " + result.PullRequestUrl);
    }

    private async Task FailAsync(ModInflated message, string error, CancellationToken cancellationToken)
    {
        logger.LogError("Indexing {Identifier} ({Game}) failed: {Error}", message.Identifier, message.Game, error);
        await lifecycle.RecordAsync(new IndexingFailed(message.Game, message.Identifier, time.GetUtcNow(), error),
            cancellationToken).ConfigureAwait(false);
    }
}
