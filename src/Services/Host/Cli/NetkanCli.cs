using System.CommandLine;

namespace NetKAN.Bus.Services.Cli;

/// <summary>The <c>netkan</c> command line: one line per command group, each defined in its own file.</summary>
public static class NetkanCli
{
    public static RootCommand Create()
    {
        var root = new RootCommand("NetKAN.Bus: keeps the CKAN mod index current (scheduler, inflator, indexer, mirrorer, webhooks, status).");
        foreach (var command in Commands())
        {
            root.Subcommands.Add(command);
        }
        return root;
    }

    private static IEnumerable<Command> Commands()
    {
        yield return VersionCommand.Create();
        yield return DemoCommand.Create();
        yield return DemoUpstreamCommand.Create();
        yield return ReplayCommand.Create();
        yield return ScheduleCommand.Create();
        yield return InflateCommands.CreateInflate();
        yield return InflateCommands.CreateNetkanCoverage();
        yield return DownloadCounterCommand.Create();
        yield return TicketCloserCommand.Create();
        yield return CleanCacheCommand.Create();
        yield return AutoFreezerCommand.Create();
        yield return CkanCommands.Ckan();
        yield return CkanCommands.CkanVersion();
        yield return CkanCommands.CkanMeta();
        yield return DashboardCommand.Create();
        yield return RunCommand.Create();
        yield return StatusCommand.Create();
        yield return AwsSetupCommand.DynamoDb();
        yield return AwsSetupCommand.Sqs();
    }
}
