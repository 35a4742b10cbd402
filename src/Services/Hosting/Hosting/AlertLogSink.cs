using Microsoft.Extensions.DependencyInjection;
using NetKAN.Bus.Contracts.Alerts;
using Serilog.Core;
using Serilog.Events;
using Serilog.Formatting.Display;

namespace NetKAN.Bus.Services.Hosting;

/// <summary>
/// Errors logged with an exception (an unhandled webhook error, a failed scheduled run, a dead-lettered message…)
/// become <see cref="AlertKind.UncaughtException"/> alerts, as the original's <c>catch_all</c> and ERROR-level
/// Discord handler did. Resolved lazily: the sink is built with the logger, before the alert sink exists.
/// </summary>
public sealed class AlertLogSink(IServiceProvider services) : ILogEventSink
{
    private static readonly MessageTemplateTextFormatter Message = new("{Message:lj}");

    public void Emit(LogEvent logEvent)
    {
        if (logEvent.Level < LogEventLevel.Error || logEvent.Exception is null)
        {
            return;
        }
        using var message = new StringWriter();
        Message.Format(logEvent, message);
        services.GetService<IAlerts>()?.Raise(new Alert(AlertKind.UncaughtException,
            $"{message}\n{logEvent.Exception.GetType().Name}: {logEvent.Exception.Message}"));
    }
}
