using MassTransit;
using Microsoft.Extensions.Logging;
using NetKAN.Bus.Contracts.Queues;
using NetKAN.Bus.Inflator;

namespace NetKAN.Bus.Services.Inflation;

/// <summary>
/// The Inflator stage: <c>InflateMod</c> → one <c>ModInflated</c> per produced .ckan on the outbound queue, or one
/// failure message (<c>{}</c> body, <c>Success=False</c>, <c>ErrorMessage</c>). A failed inflation is a result, not an
/// exception; only an upstream rate limit is thrown, so the request is retried later instead of failing the mod.
/// The Indexer records the outcome on the mod's status (it does for the original C# Inflator too).
/// </summary>
public sealed class InflateModConsumer(
    IInflator inflator,
    ContractSender sender,
    TimeProvider time,
    ILogger<InflateModConsumer> logger) : IConsumer<InflateMod>
{
    public async Task Consume(ConsumeContext<InflateMod> context)
    {
        var request = context.Message;
        var identifier = request.Identifier!; // FromWire guarantees one
        logger.LogInformation("Inflating {Game}/{Identifier}", request.Game, identifier);

        var result = await inflator.InflateAsync(new InflationRequest
        {
            NetkanText = request.Netkan,
            FileName = $"{identifier}.netkan",
            Identifier = request.Identifier,
            Game = request.Game,
            HighestVersion = request.HighestVersion,
            HighestVersionPrerelease = request.HighestVersionPrerelease,
            Releases = request.Releases ?? 1,
        }, context.CancellationToken);

        if (result.RateLimited)
        {
            throw new UpstreamRateLimitedException(request.Game.Value, identifier, result.ErrorMessage, result.RetryAt);
        }

        var checkTime = time.GetUtcNow();
        var messages = result.Success
            ? result.Modules.Select((module, i) => new ModInflated(
                result.Identifier, request.Game, true, checkTime, module.Ckan, module.FileName,
                result.Staged, result.StagingReason,
                // As the original: only the first message of an inflation carries the warnings.
                Warnings: i == 0 ? result.Warnings : [])).ToList()
            : [new ModInflated(identifier, request.Game, false, checkTime,
                ModInflated.EmptyBody, ErrorMessage: result.ErrorMessage, Warnings: result.Warnings)];

        await sender.SendManyAsync(messages, context.CancellationToken);
        if (result.Success)
        {
            logger.LogInformation("Inflated {Game}/{Identifier}: {Files}", request.Game, identifier,
                string.Join(", ", result.Modules.Select(m => m.FileName)));
        }
        else
        {
            logger.LogWarning("Inflation of {Game}/{Identifier} failed: {Error}", request.Game, identifier, result.ErrorMessage);
        }
    }
}

/// <summary>An upstream API refused us for now; the request stays queued and is retried after the limit resets.</summary>
public sealed class UpstreamRateLimitedException(string game, string identifier, string? detail, DateTimeOffset? retryAt)
    : Exception($"{game}/{identifier}: upstream rate limit reached{(retryAt is { } at ? $", resets at {at:O}" : "")}: {detail}");
