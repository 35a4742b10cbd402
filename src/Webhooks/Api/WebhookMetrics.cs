using System.Diagnostics.Metrics;

namespace NetKAN.Bus.Webhooks.Api;

/// <summary>The meter <c>NetKAN.Bus.Webhooks</c>: counts of refused webhook input (readable with dotnet-counters or
/// any OpenTelemetry exporter).</summary>
public static class WebhookMetrics
{
    public const string MeterName = "NetKAN.Bus.Webhooks";

    public static readonly Meter Meter = new(MeterName);
}
