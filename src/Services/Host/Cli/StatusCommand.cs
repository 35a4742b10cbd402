using System.CommandLine;
using Microsoft.Extensions.DependencyInjection;
using NetKAN.Bus.Services.Hosting;
using NetKAN.Bus.Services.Status;

namespace NetKAN.Bus.Services.Cli;

/// <summary><c>netkan status dump [--folder DIR] [--bucket B] [--store …]</c>: writes the status files once.</summary>
public static class StatusCommand
{
    public static Command Create()
    {
        var folder = new Option<string?>("--folder") { Description = "Write netkan.json / netkan-ksp2.json into this folder" };
        var bucket = new Option<string?>("--bucket") { Description = "Upload to this S3 bucket (keys status/netkan.json, status/netkan-ksp2.json)" };
        var host = new HostCommandOptions();
        var dump = new Command("dump", "Write every game's status in the original status JSON format, once.");
        dump.Options.Add(folder);
        dump.Options.Add(bucket);
        host.AddTo(dump);
        dump.SetAction(async (parse, cancellationToken) =>
        {
            // Built with the status-dumper role for its services, but not started: one dump, then exit.
            using var app = NetkanHost.Build(host.Settings(parse, ["status-dumper"]), HostCommandOptions.ConfigurationArgs(parse));
            try
            {
                var written = await app.Services.GetRequiredService<StatusDumper>()
                    .DumpAsync(parse.GetValue(bucket), parse.GetValue(folder), cancellationToken);
                foreach (var location in written)
                {
                    await parse.InvocationConfiguration.Output.WriteLineAsync($"wrote {location}");
                }
                return 0;
            }
            catch (InvalidOperationException e)
            {
                await parse.InvocationConfiguration.Error.WriteLineAsync(e.Message);
                return 2;
            }
        });
        var command = new Command("status", "Status rows and the status files.");
        command.Subcommands.Add(dump);
        return command;
    }
}
