using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;
using NetKAN.Bus.Services.Jobs;

namespace NetKAN.Bus.Services.TicketCloser;

/// <summary>Closes stale support tickets on <c>TicketCloser:Cron</c>.</summary>
public sealed class TicketCloserService(
    StaleTicketCloser closer,
    IOptions<TicketCloserOptions> options,
    TimeProvider time,
    ILogger<TicketCloserService> logger)
    : CronJob("ticket-closer", options.Value.Cron, "TicketCloser:Cron", options.Value.RunOnSchedule, time, logger)
{
    protected override async Task RunOnceAsync(CancellationToken cancellationToken) =>
        await closer.CloseStaleAsync(null, cancellationToken).ConfigureAwait(false);
}
