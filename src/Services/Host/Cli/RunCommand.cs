using System.CommandLine;
using Microsoft.Extensions.Hosting;
using NetKAN.Bus.Services.Hosting;
using NetKAN.Bus.Services.Roles;

namespace NetKAN.Bus.Services.Cli;

/// <summary>
/// <c>netkan run --roles scheduler,inflator … [--transport inmemory|sqs] [--store sqlite|memory|dynamodb]</c>:
/// runs the given roles in this process until stopped. In production each container runs one role with
/// <c>--transport sqs --store dynamodb</c>; configuration comes from appsettings.json, the environment
/// (<c>Queues__Outbound</c>, <c>Aws__ServiceUrl</c>, …) and any extra <c>--Section:Key=value</c> on the line.
/// </summary>
public static class RunCommand
{
    public static Command Create()
    {
        var roles = new Option<string[]>("--roles")
        {
            Description = $"Roles to run, comma-separated or repeated: {string.Join(", ", RoleCatalog.All.Select(x => x.Name))}",
            Required = true,
            AllowMultipleArgumentsPerToken = true,
        };
        var urls = new Option<string?>("--urls") { Description = "Kestrel URLs for roles that serve HTTP (e.g. http://127.0.0.1:5080)" };
        var host = new HostCommandOptions();
        var command = new Command("run", "Run one or more roles (one per container in production).");
        command.Options.Add(roles);
        command.Options.Add(urls);
        host.AddTo(command);
        command.SetAction(async (parse, cancellationToken) =>
        {
            var names = (parse.GetValue(roles) ?? [])
                .SelectMany(x => x.Split(',', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries))
                .ToList();
            var unknown = names.Where(x => RoleCatalog.All.All(r => !string.Equals(r.Name, x, StringComparison.OrdinalIgnoreCase))).ToList();
            if (names.Count == 0 || unknown.Count > 0)
            {
                await parse.InvocationConfiguration.Error.WriteLineAsync(
                    $"Unknown role(s): {string.Join(", ", unknown)}. Known roles: {string.Join(", ", RoleCatalog.All.Select(x => x.Name))}");
                return 2;
            }
            using var app = NetkanHost.Build(host.Settings(parse, names, parse.GetValue(urls)), HostCommandOptions.ConfigurationArgs(parse));
            await app.RunAsync(cancellationToken);
            return 0;
        });
        return command;
    }
}
