using System.Text.Json;
using System.Text.Json.Serialization;
using Microsoft.Extensions.Options;
using NetKAN.Bus.Contracts.Wire;

namespace NetKAN.Bus.Services.Transport;

public sealed class JournalOptions
{
    public const string Section = "Journal";

    /// <summary>When set, every handled queue message is appended to this JSONL file (for <c>netkan replay</c>).</summary>
    public string? Path { get; set; }
}

/// <summary>One journal line: exactly what arrived on which queue, and when.</summary>
public sealed record JournalEntry(
    [property: JsonPropertyName("queue")] string Queue,
    [property: JsonPropertyName("body")] string Body,
    [property: JsonPropertyName("attributes")] IReadOnlyDictionary<string, string> Attributes,
    [property: JsonPropertyName("time")] DateTimeOffset Time)
{
    public static JournalEntry Parse(string line) =>
        JsonSerializer.Deserialize<JournalEntry>(line) ?? throw new JsonException("Empty journal line");

    public string ToLine() => JsonSerializer.Serialize(this);
}

/// <summary>Appends handled messages to the configured journal file; a no-op when no path is configured.</summary>
public sealed class QueueJournal(IOptions<JournalOptions> options, TimeProvider time)
{
    private readonly SemaphoreSlim _gate = new(1, 1);

    public bool Enabled => !string.IsNullOrEmpty(options.Value.Path);

    public async Task AppendAsync(string queue, WireMessage message, CancellationToken cancellationToken)
    {
        if (!Enabled)
        {
            return;
        }
        var line = new JournalEntry(queue, message.Body, message.Attributes, time.GetUtcNow()).ToLine();
        await _gate.WaitAsync(cancellationToken);
        try
        {
            var folder = Path.GetDirectoryName(Path.GetFullPath(options.Value.Path!));
            if (!string.IsNullOrEmpty(folder))
            {
                Directory.CreateDirectory(folder);
            }
            await File.AppendAllTextAsync(options.Value.Path!, line + "\n", cancellationToken);
        }
        finally
        {
            _gate.Release();
        }
    }
}
