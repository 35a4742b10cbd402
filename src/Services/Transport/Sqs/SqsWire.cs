using Amazon.SQS.Model;
using NetKAN.Bus.Contracts.Wire;

namespace NetKAN.Bus.Services.Transport.Sqs;

/// <summary>
/// Maps between an SQS message and our <see cref="WireMessage"/>: the body unchanged, every message attribute as a
/// String attribute, and the FIFO group and deduplication ids.
/// </summary>
public static class SqsWire
{
    /// <summary>System attributes handed to MassTransit as transport headers (ApproximateReceiveCount sets Redelivered).</summary>
    private static readonly string[] SystemHeaders =
    [
        "ApproximateReceiveCount", "ApproximateFirstReceiveTimestamp", "SentTimestamp", "SenderId",
        "MessageGroupId", "MessageDeduplicationId", "SequenceNumber",
    ];

    public static bool IsFifo(string queue) => queue.EndsWith(".fifo", StringComparison.Ordinal);

    public static WireMessage FromSqs(Message message)
    {
        var attributes = new Dictionary<string, string>(StringComparer.Ordinal);
        foreach (var (name, value) in message.MessageAttributes ?? [])
        {
            // The documented attributes are all DataType String; a Number attribute is kept as its text.
            if (value.StringValue is not null)
            {
                attributes[name] = value.StringValue;
            }
        }
        var system = message.Attributes ?? [];
        return new WireMessage(
            message.Body ?? "",
            attributes,
            system.GetValueOrDefault("MessageGroupId") ?? "",
            system.GetValueOrDefault("MessageDeduplicationId") ?? "");
    }

    /// <summary>The SQS MessageId and system attributes, as transport headers for the dispatcher.</summary>
    public static IReadOnlyDictionary<string, object> TransportHeaders(Message message)
    {
        var headers = new Dictionary<string, object>(StringComparer.Ordinal);
        if (Guid.TryParse(message.MessageId, out _))
        {
            // MassTransit's MessageId is a GUID; SQS message ids are GUIDs too.
            headers["MessageId"] = message.MessageId;
        }
        headers["SqsMessageId"] = message.MessageId ?? "";
        var system = message.Attributes ?? [];
        foreach (var name in SystemHeaders)
        {
            if (system.TryGetValue(name, out var value))
            {
                headers[name] = value;
            }
        }
        return headers;
    }

    public static SendMessageBatchRequestEntry ToEntry(string id, WireMessage message, bool fifo)
    {
        var entry = new SendMessageBatchRequestEntry
        {
            Id = id,
            MessageBody = message.Body,
            MessageAttributes = message.Attributes.ToDictionary(
                x => x.Key,
                x => new MessageAttributeValue { DataType = "String", StringValue = x.Value },
                StringComparer.Ordinal),
        };
        if (fifo)
        {
            entry.MessageGroupId = message.GroupId;
            entry.MessageDeduplicationId = message.DeduplicationId;
        }
        return entry;
    }

    /// <summary>Approximate size SQS counts against a batch's limit (body + attribute names, types and values).</summary>
    public static int Size(WireMessage message) =>
        System.Text.Encoding.UTF8.GetByteCount(message.Body)
        + message.Attributes.Sum(x => System.Text.Encoding.UTF8.GetByteCount(x.Key) + System.Text.Encoding.UTF8.GetByteCount(x.Value) + 6);
}
