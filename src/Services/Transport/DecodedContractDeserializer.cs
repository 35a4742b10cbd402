using System.Net.Mime;
using System.Runtime.Serialization;
using MassTransit;
using MassTransit.Serialization;

namespace NetKAN.Bus.Services.Transport;

/// <summary>The stage contract <see cref="QueueDispatcher"/> decoded from the wire, handed to MassTransit's receive
/// pipeline as a receive-context payload.</summary>
internal sealed record DecodedContract(object Message);

/// <summary>
/// MassTransit's deserializer for <see cref="ContentType"/>: the consume context's message is the
/// <see cref="DecodedContract"/> the dispatcher passed along with the (empty) body, by reference. Everything after it —
/// retry, outbox, consumer, faults — runs as for any other body. Before it, each queue message was serialised to JSON
/// by the dispatcher and parsed back (twice: into a JSON element, then into the record) by the raw JSON deserializer,
/// the whole .ckan escaped in a string: ≈10 % of an unchanged message's CPU.
/// </summary>
public sealed class DecodedContractDeserializer : IMessageDeserializer, ISerializerFactory
{
    public static readonly ContentType DecodedContentType = new("application/vnd.netkan.decoded-contract");

    public ContentType ContentType => DecodedContentType;

    public void Probe(ProbeContext context) => context.CreateScope("netkan-decoded-contract").Add("contentType", ContentType.MediaType);

    public ConsumeContext Deserialize(ReceiveContext receiveContext)
    {
        if (!receiveContext.TryGetPayload<DecodedContract>(out var decoded))
        {
            throw new SerializationException(
                $"A {ContentType.MediaType} message arrived without its decoded contract; only QueueDispatcher sends these.");
        }
        return new BodyConsumeContext(receiveContext, ContextFor(decoded.Message, receiveContext.TransportHeaders, receiveContext.InputAddress));
    }

    /// <summary>Without a receive context there is no payload to read: the body has nothing in it.</summary>
    public SerializerContext Deserialize(MessageBody body, Headers headers, Uri? destinationAddress = null) =>
        throw new SerializationException($"A {ContentType.MediaType} message can only be read with its receive context.");

    public MessageBody GetMessageBody(string text) => new StringMessageBody(text);

    public IMessageSerializer CreateSerializer() =>
        throw new NotSupportedException($"Nothing is sent as {ContentType.MediaType}; it only carries decoded queue messages inward.");

    public IMessageDeserializer CreateDeserializer() => this;

    private SerializerContext ContextFor(object message, Headers headers, Uri? inputAddress) =>
        new DecodedSerializerContext(new RawMessageContext(headers, inputAddress, RawSerializerOptions.Default),
            [MessageUrn.ForTypeString(message.GetType())], message, ContentType);

    /// <summary>MassTransit's System.Text.Json context already answers with a message object it holds; this one holds
    /// the decoded contract, and serialises it as plain JSON should MassTransit need a body (a fault, a forward).</summary>
    private sealed class DecodedSerializerContext(MessageContext messageContext, string[] messageTypes, object message, ContentType contentType)
        : SystemTextJsonSerializerContext(SystemTextJsonMessageSerializer.Instance, SystemTextJsonMessageSerializer.Options,
            contentType, messageContext, messageTypes, envelope: null, message: message)
    {
        public override IMessageSerializer GetMessageSerializer() =>
            new SystemTextJsonBodyMessageSerializer(Message, SystemTextJsonRawMessageSerializer.JsonContentType, Options,
                RawSerializerOptions.Default, SupportedMessageTypes);
    }
}
