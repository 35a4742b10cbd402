namespace NetKAN.Bus.Contracts.Wire;

/// <summary>A message whose body or attributes do not follow the documented wire format.</summary>
public sealed class WireFormatException(string field, string problem, string? identifier = null)
    : FormatException(identifier is null ? $"{field} {problem}" : $"{identifier}: {field} {problem}")
{
    /// <summary>The attribute (or "body") that is wrong.</summary>
    public string Field { get; } = field;

    /// <summary>The mod the message is about, when it could be determined.</summary>
    public string? Identifier { get; } = identifier;
}
