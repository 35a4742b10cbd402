namespace NetKAN.Bus.Services.Transport;

/// <summary>Section <c>Transport</c>: limits on handling one queue message, whatever the transport.</summary>
public sealed class MessageHandlingOptions
{
    public const string Section = "Transport";

    /// <summary><c>Transport:MessageTimeout</c>: one attempt at a message is cancelled after this long and counts as
    /// failed (the original Inflator's visibility timeout was 30 minutes, so no real inflation takes longer).</summary>
    public TimeSpan MessageTimeout { get; set; } = TimeSpan.FromMinutes(30);
}
