using System.CommandLine;
using Microsoft.Extensions.DependencyInjection;
using NetKAN.Bus.Services.TicketCloser;

namespace NetKAN.Bus.Services.Cli;

/// <summary><c>netkan ticket-closer [--days-limit 7]</c>: close stale support tickets now.</summary>
public static class TicketCloserCommand
{
    public static Command Create()
    {
        var days = new Option<int?>("--days-limit") { Description = "Leave issues updated within this many days open (default TicketCloser:DaysLimit, 7)." };
        var command = new Command("ticket-closer", "Close stale, unassigned 'support' issues of the CKAN and NetKAN repositories.") { days };
        command.SetAction(async (parse, cancellationToken) =>
        {
            var output = parse.InvocationConfiguration.Output;
            return await OneShotHost.RunAsync("ticket-closer", "memory", Path.Combine(Path.GetTempPath(), "netkan-ticket-closer"),
                new Dictionary<string, string?> { ["TicketCloser:RunOnSchedule"] = "false" },
                async (services, ct) =>
                {
                    var decisions = await services.GetRequiredService<StaleTicketCloser>().CloseStaleAsync(parse.GetValue(days), ct);
                    foreach (var decision in decisions)
                    {
                        output.WriteLine($"{decision.Repository}#{decision.Number}  {decision.Outcome}  {decision.Title}");
                    }
                    output.WriteLine($"Closed {decisions.Count(x => x.Closed)} of {decisions.Count} support tickets");
                    return 0;
                }, cancellationToken);
        });
        return command;
    }
}
