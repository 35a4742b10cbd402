using System.CommandLine;
using NetKAN.Bus.Services.Demo;

namespace NetKAN.Bus.Services.Cli;

/// <summary><c>netkan demo [--data DIR] [--once] [--port 5080]</c>.</summary>
public static class DemoCommand
{
    public static Command Create()
    {
        var data = new Option<DirectoryInfo>("--data")
        {
            Description = "Data folder (repos, status.db, cache, status JSON); reused when it exists.",
            DefaultValueFactory = _ => new DirectoryInfo(Path.Combine(Environment.CurrentDirectory, ".data", "demo")),
        };
        var once = new Option<bool>("--once") { Description = "Exit when every sample mod has settled (0 = all succeeded)." };
        var port = new Option<int>("--port") { Description = "Dashboard port on 127.0.0.1 (0: any free port; not used with --once).", DefaultValueFactory = _ => 5080 };
        port.Validators.Add(result =>
        {
            if (result.GetValueOrDefault<int>() is < 0 or > 65535)
            {
                result.AddError($"--port {result.GetValueOrDefault<int>()} is not a TCP port (0 to 65535)");
            }
        });
        var timeout = new Option<int>("--timeout") { Description = "Seconds to wait for the mods to settle.", DefaultValueFactory = _ => 300 };
        timeout.Validators.Add(result =>
        {
            if (result.GetValueOrDefault<int>() <= 0)
            {
                result.AddError($"--timeout {result.GetValueOrDefault<int>()} must be a positive number of seconds");
            }
        });
        var command = new Command("demo", "Run the whole pipeline on bundled sample mods, offline, then serve the dashboard.")
        {
            data, once, port, timeout,
        };
        command.SetAction((parse, cancellationToken) => DemoRunner.RunAsync(
            new DemoOptions(DataFolder.Prepare(parse.GetRequiredValue(data).FullName, "--data", DemoWorkspace.Folders), parse.GetValue(once), parse.GetValue(port),
                TimeSpan.FromSeconds(parse.GetValue(timeout))),
            parse.InvocationConfiguration.Output, parse.InvocationConfiguration.Error, cancellationToken));
        return command;
    }
}
