using MassTransit;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;
using NetKAN.Bus.Contracts.Lifecycle;
using NetKAN.Bus.Contracts.Queues;
using NetKAN.Bus.Inflator.Downloads;
using NetKAN.Bus.Metadata;
using NetKAN.Bus.Metadata.Ckan;
using NetKAN.Bus.Sagas.Recording;

namespace NetKAN.Bus.Services.Indexer;

/// <summary>
/// The Indexer stage: takes an inflation result from the outbound queue, records it on the mod's status
/// (<see cref="InflationSucceeded"/> / <see cref="InflationFailed"/>), then for a success puts the .ckan into
/// CKAN-meta (<see cref="CkanIndexer"/>) and records <see cref="ModIndexed"/> or <see cref="IndexingFailed"/>.
/// Completes only when everything is recorded and any commit is pushed; a git or network failure is recorded and
/// rethrown so the message is tried again (its commit, if made, is then pushed by the retry).
/// </summary>
public sealed class ModInflatedConsumer(
    IModLifecycle lifecycle,
    CkanIndexer indexer,
    DownloadCacheLayout downloads,
    ContractSender sender,
    IOptions<IndexerOptions> options,
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

        await lifecycle.RecordAsync(new InflationSucceeded(message.Game, message.Identifier, message.CheckTime,
            module.Version.ToString(), message.FileName, message.Warnings, message.Staged, message.StagingReason,
            module.ReleaseDate, module.Resources, downloads.LastDownloaded(module.Downloads.FirstOrDefault())),
            cancellationToken).ConfigureAwait(false);
        logger.LogInformation("Inflated {Identifier} ({Game}) {Version}", message.Identifier, message.Game, module.Version);

        IndexResult result;
        try
        {
            result = await indexer.IndexAsync(message, module, cancellationToken).ConfigureAwait(false);
        }
        catch (IndexingRejectedException e)
        {
            await FailAsync(message, e.Message, cancellationToken).ConfigureAwait(false);
            return;
        }
        catch (Exception e) when (!cancellationToken.IsCancellationRequested)
        {
            await FailAsync(message, $"{e.GetType().Name}: {e.Message}", cancellationToken).ConfigureAwait(false);
            throw;
        }

        await lifecycle.RecordAsync(new ModIndexed(message.Game, message.Identifier, time.GetUtcNow(), result.Outcome,
            result.FileName, result.Commit, result.PullRequestUrl), cancellationToken).ConfigureAwait(false);
        logger.LogInformation("Indexed {Identifier} ({Game}): {Outcome} {FileName}{PullRequest}", message.Identifier,
            message.Game, result.Outcome, result.FileName, result.PullRequestUrl is null ? "" : " " + result.PullRequestUrl);
        if (options.Value.RequestMirroring && result.Outcome is IndexOutcome.Added or IndexOutcome.Updated)
        {
            await sender.SendAsync(new MirrorMod(message.Game, $"{message.Identifier}/{result.FileName}"), cancellationToken).ConfigureAwait(false);
        }
    }

    private async Task FailAsync(ModInflated message, string error, CancellationToken cancellationToken)
    {
        logger.LogError("Indexing {Identifier} ({Game}) failed: {Error}", message.Identifier, message.Game, error);
        await lifecycle.RecordAsync(new IndexingFailed(message.Game, message.Identifier, time.GetUtcNow(), error),
            cancellationToken).ConfigureAwait(false);
    }
}
