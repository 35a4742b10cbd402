using System.Collections.Concurrent;
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
/// <see cref="IReceiveEndpointDispatcher"/> — the decoded contract travels as a receive-context payload that
/// <see cref="DecodedContractDeserializer"/> hands to the consumer — and journal it once handled. Returns when the consumer has finished;
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
    ILogger<QueueDispatcher> logger,
    Microsoft.Extensions.Options.IOptions<MessageHandlingOptions>? handling = null)
{
    private readonly TimeSpan _timeout = handling?.Value.MessageTimeout ?? new MessageHandlingOptions().MessageTimeout;

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
            var game = binding.GameOf(message);
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
        // The contract goes in by reference (DecodedContractDeserializer), not as a body to serialise and parse back.
        headers["Content-Type"] = DecodedContractDeserializer.DecodedContentType.MediaType;
        headers.TryAdd(MessageHeaders.MessageId, NewId.NextGuid().ToString());

        var receiver = _receivers.GetOrAdd(queue, name => binding.CreateReceiver(dispatchers, name));
        // One attempt may not hold a slot forever (a hung upstream, a pathological input): past the timeout it is
        // cancelled and counts as failed, so the transport retries it and finally dead-letters it.
        using var attempt = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
        attempt.CancelAfter(_timeout);
        try
        {
            await receiver.Dispatch([], headers, attempt.Token, new DecodedContract(contract));
        }
        catch (OperationCanceledException) when (attempt.IsCancellationRequested && !cancellationToken.IsCancellationRequested)
        {
            throw new TimeoutException($"Handling the message on {queue} took longer than {_timeout} (Transport:MessageTimeout)");
        }
        await journal.AppendAsync(queue, message, cancellationToken);
    }

    /// <summary>
    /// A message failed its last attempt: the error goes on its mod's status row (when the message names a valid mod
    /// and its queue records errors), so the dashboard shows why nothing happened. Never throws: the transport
    /// dead-letters the message whatever happens here.
    /// </summary>
    public async Task RecordDeadLetterAsync(string queue, WireMessage message, Exception error, int attempts,
        CancellationToken cancellationToken)
    {
        try
        {
            if (!_bindings.TryGetValue(queue, out var binding) || Identify(binding, message) is not { } identifier)
            {
                logger.LogError("Dead-lettered a message on {Queue} that names no mod: {Problem}", queue, error.Message);
                return;
            }
            var game = binding.GameOf(message);
            var problem = new WireFormatException("message", $"failed {attempts} attempts and was dead-lettered: {error.Message}", identifier);
            if (binding.BadMessageEvent(problem, game, time.GetUtcNow()) is { } recorded)
            {
                await lifecycle.RecordAsync(recorded, cancellationToken);
            }
            logger.LogError("Dead-lettered the message on {Queue} for {Game}/{Identifier} after {Attempts} attempts: {Problem}",
                queue, game, identifier, attempts, error.Message);
        }
        catch (Exception e) when (e is not OperationCanceledException || !cancellationToken.IsCancellationRequested)
        {
            logger.LogError(e, "Could not record the dead-lettered message on {Queue}", queue);
        }
    }

    /// <summary>The mod a message is about: from its decoded contract (its FIFO group is the mod), or from the wire
    /// error that names it; null unless it is a valid CKAN identifier.</summary>
    private static string? Identify(QueueBinding binding, WireMessage message)
    {
        string? identifier;
        try
        {
            identifier = binding.GroupOf(binding.Decode(message));
        }
        catch (WireFormatException e)
        {
            identifier = e.Identifier;
        }
        return ModIdentifier.IsValid(identifier) ? identifier : null;
    }
}
