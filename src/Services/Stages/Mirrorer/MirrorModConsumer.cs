using MassTransit;
using Microsoft.Extensions.Logging;
using NetKAN.Bus.Contracts.Lifecycle;
using NetKAN.Bus.Contracts.Queues;
using NetKAN.Bus.Sagas.Recording;

namespace NetKAN.Bus.Services.Mirrorer;

/// <summary>
/// The Mirrorer stage: a <see cref="MirrorMod"/> from the mirroring queue → <see cref="ModMirrored"/>,
/// <see cref="MirrorSkipped"/> or <see cref="MirrorFailed"/> on the mod's status. A failure that another attempt may
/// cure (download, hash, upload) is recorded and rethrown, so the queue delivers the message again later; an
/// overloaded archive is rethrown without recording anything (nothing is wrong with the mod).
/// </summary>
public sealed class MirrorModConsumer(
    ModMirrorer mirrorer,
    IModLifecycle lifecycle,
    TimeProvider time,
    ILogger<MirrorModConsumer> logger) : IConsumer<MirrorMod>
{
    public async Task Consume(ConsumeContext<MirrorMod> context)
    {
        var message = context.Message;
        var cancellationToken = context.CancellationToken;
        MirrorResult result;
        try
        {
            result = await mirrorer.MirrorAsync(message, cancellationToken);
        }
        catch (ArchiveOverloadedException e)
        {
            logger.LogWarning("{Problem} ({Game}/{Identifier} stays queued)", e.Message, message.Game, message.Identifier);
            throw;
        }
        catch (Exception e) when (!cancellationToken.IsCancellationRequested)
        {
            logger.LogError("Mirroring {Path} ({Game}) failed: {Error}", message.CkanPath, message.Game, e.Message);
            await lifecycle.RecordAsync(new MirrorFailed(message.Game, message.Identifier, time.GetUtcNow(), e.Message), cancellationToken);
            throw;
        }

        IModEvent recorded = result.Kind switch
        {
            MirrorResultKind.Mirrored or MirrorResultKind.AlreadyMirrored =>
                new ModMirrored(message.Game, message.Identifier, time.GetUtcNow(), result.Detail),
            MirrorResultKind.Skipped => new MirrorSkipped(message.Game, message.Identifier, time.GetUtcNow(), result.Detail),
            _ => new MirrorFailed(message.Game, message.Identifier, time.GetUtcNow(), result.Detail),
        };
        await lifecycle.RecordAsync(recorded, cancellationToken);
        logger.LogInformation("Mirror of {Game}/{Identifier} ({Path}): {Kind} {Detail}{Files}", message.Game, message.Identifier,
            message.CkanPath, result.Kind, result.Detail,
            result.Uploaded is { Count: > 0 } files ? " [" + string.Join(", ", files) + "]" : "");
    }
}
