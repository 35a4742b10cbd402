using MassTransit;
using Microsoft.Extensions.Logging;
using NetKAN.Bus.Contracts.Queues;

namespace NetKAN.Bus.Services.SpaceDockAdder;

/// <summary>
/// The SpaceDock Adder stage: an <see cref="AddMod"/> from the adding queue becomes a pull request on the game's NetKAN
/// repository (<see cref="ModAdder"/>). The message is done only when the pull request exists or the mod is already
/// listed; a failure on the way throws, so the queue delivers it again.
/// </summary>
public sealed class AddModConsumer(ModAdder adder, ILogger<AddModConsumer> logger) : IConsumer<AddMod>
{
    public async Task Consume(ConsumeContext<AddMod> context)
    {
        var message = context.Message;
        var result = await adder.AddAsync(message, context.CancellationToken);
        switch (result.Outcome)
        {
            case AddOutcome.Proposed:
                logger.LogInformation("Proposed {Identifier} ({Game}) from SpaceDock on {Branch}: {PullRequest}",
                    result.Identifier, message.Game, result.Branch, result.PullRequestUrl);
                break;
            case AddOutcome.Rejected:
                logger.LogError("SpaceDock add request for {Game} names no usable mod (name '{Name}'); dropped", message.Game, message.Name);
                break;
            default:
                logger.LogInformation("{Identifier} ({Game}) is already in NetKAN ({Outcome}); nothing to add",
                    result.Identifier, message.Game, result.Outcome);
                break;
        }
    }
}
