using System.Collections.Concurrent;
using Serilog.Core;
using Serilog.Events;
using Serilog.Formatting.Display;

namespace NetKAN.Bus.Webhooks.Tests.Support;

/// <summary>
/// Collects log lines as the console shows them (<c>{Message:lj}</c>), so tests can check what the team would read.
/// Registered in DI, it is picked up by the host's Serilog configuration (ReadFrom.Services).
/// </summary>
public sealed class CollectingLogSink : ILogEventSink
{
    private static readonly MessageTemplateTextFormatter Format = new("{Message:lj}");
    private readonly ConcurrentQueue<(LogEventLevel Level, string Text)> _messages = new();

    public IReadOnlyList<string> Messages => _messages.Select(x => x.Text).ToList();

    public IReadOnlyList<(LogEventLevel Level, string Text)> Entries => _messages.ToList();

    public void Emit(LogEvent logEvent)
    {
        using var writer = new StringWriter();
        Format.Format(logEvent, writer);
        _messages.Enqueue((logEvent.Level, writer.ToString()));
    }
}
