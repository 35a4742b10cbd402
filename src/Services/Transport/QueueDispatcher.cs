using System.Collections.Concurrent;
using System.Text.Json;
using MassTransit.Serialization;
using MassTransit.Transports;
using MassTransit;
using Microsoft.Extensions.Logging;
using NetKAN.Bus.Contracts.Games;
using NetKAN.Bus.Contracts.Wire;
using NetKAN.Bus.Sagas.Recording;

namespace NetKAN.Bus.Services.Transport;

/// <summary>
/// The one entrance for queue messages, whatever the transport: decode the message into its contract (the
/// anti-corruption layer), run it through MassTransit's consumer pipeline (retry, outbox, saga) with
/// <see cref="IReceiveEndpointDispatcher"/>, and journal it once handled. Returns when the consumer has finished;
/// throws when it failed, so the transport keeps the message for a later attempt.
/// A message in a broken wire format can never succeed: when it names its mod, the problem is recorded on
/// that mod's status and the message counts as handled; otherwise the exception leaves it to the dead-letter path.
/// </summary>
public sealed class QueueDispatcher(
    IEnumerable<QueueBinding> bindings,
    IReceiveEndpointDispatcherFactory dispatchers,
    IModLifecycle lifecycle,
    QueueJournal journal,
    TimeProvider time,
    ILogger<QueueDispatcher> logger)
{
    private readonly Dictionary<string, QueueBinding> _bindings =
        bindings.ToDictionary(x => x.Queue, StringComparer.Ordinal);

    private readonly ConcurrentDictionary<string, IReceiveEndpointDispatcher> _receivers = new(StringComparer.Ordinal);

    /// <summary>The queues this process consumes.</summary>
    public IReadOnlyCollection<string> Queues => _bindings.Keys;

    public async Task HandleAsync(string queue, WireMessage message,
        IReadOnlyDictionary<string, object>? transportHeaders, CancellationToken cancellationToken)
    {
        if (!_bindings.TryGetValue(queue, out var binding))
        {
            throw new InvalidOperationException($"No consumer is bound to queue '{queue}' in this process.");
        }
        using var scope = JournalingModLifecycle.QueueHandling();
        object contract;
        try
        {
            contract = binding.Decode(message);
        }
        catch (WireFormatException e) when (e.Identifier is not null)
        {
            var game = GameId.TryParse(message.Attribute(WireAttributes.GameId), out var g) ? g.Value : binding.FallbackGame;
            var recorded = binding.BadMessageEvent(e, game, time.GetUtcNow());
            if (recorded is null)
            {
                throw;
            }
            logger.LogError("Bad message on {Queue} for {Game}/{Identifier}: {Problem}", queue, game, e.Identifier, e.Message);
            await lifecycle.RecordAsync(recorded, cancellationToken);
            await journal.AppendAsync(queue, message, cancellationToken);
            return;
        }

        var headers = new Dictionary<string, object>(StringComparer.Ordinal);
        if (transportHeaders is not null)
        {
            foreach (var (key, value) in transportHeaders)
            {
                headers[key] = value;
            }
        }
        headers["MT-MessageType"] = MessageUrn.ForTypeString(binding.ContractType);
        headers["Content-Type"] = "application/json";
        headers.TryAdd(MessageHeaders.MessageId, NewId.NextGuid().ToString());

        var body = JsonSerializer.SerializeToUtf8Bytes(contract, binding.ContractType, SystemTextJsonMessageSerializer.Options);
        var receiver = _receivers.GetOrAdd(queue, name => binding.CreateReceiver(dispatchers, name));
        await receiver.Dispatch(body, headers, cancellationToken);
        await journal.AppendAsync(queue, message, cancellationToken);
    }
}
