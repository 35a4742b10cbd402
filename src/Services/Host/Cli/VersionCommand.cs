using System.CommandLine;
using System.Reflection;

namespace NetKAN.Bus.Services.Cli;

/// <summary><c>netkan about</c>: prints the build's version.</summary>
public static class VersionCommand
{
    public static Command Create()
    {
        var command = new Command("about", "Print the NetKAN.Bus version.");
        command.SetAction(parse =>
        {
            var version = typeof(VersionCommand).Assembly.GetCustomAttribute<AssemblyInformationalVersionAttribute>()?.InformationalVersion;
            parse.InvocationConfiguration.Output.WriteLine($"netkan {version}");
            return 0;
        });
        return command;
    }
}
