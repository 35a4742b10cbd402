namespace NetKAN.Bus.Contracts.Wire;

/// <summary>
/// One SQS message exactly as it travels: raw body, string message attributes, FIFO group and dedup ids.
/// Every queue contract converts to and from this shape; the SQS edge, the in-memory queues and the
/// journal all carry it unchanged.
/// </summary>
public sealed record WireMessage
{
    /// <summary>SQS accepts at most 10 message attributes per message.</summary>
    public const int MaxAttributes = 10;

    public WireMessage(string body, IReadOnlyDictionary<string, string> attributes, string groupId, string deduplicationId)
    {
        if (attributes.Count > MaxAttributes)
        {
            throw new WireFormatException("MessageAttributes",
                $"has {attributes.Count} attributes; SQS allows at most {MaxAttributes}");
        }
        Body = body;
        Attributes = attributes;
        GroupId = groupId;
        DeduplicationId = deduplicationId;
    }

    public string Body { get; }

    /// <summary>Attribute name → string value (all attributes are DataType String).</summary>
    public IReadOnlyDictionary<string, string> Attributes { get; }

    /// <summary>FIFO MessageGroupId.</summary>
    public string GroupId { get; }

    /// <summary>FIFO MessageDeduplicationId.</summary>
    public string DeduplicationId { get; }

    public string? Attribute(string name) => Attributes.TryGetValue(name, out var value) ? value : null;
}
