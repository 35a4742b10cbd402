using System.CommandLine;
using System.CommandLine.Invocation;

namespace NetKAN.Bus.Services.Cli;

/// <summary>
/// How the <c>netkan</c> command line fails: a usage error (unknown option, bad value) is one line per problem and exit
/// code 2; a failure while running is one line (<c>netkan demo: …</c>) and exit code 1. Stack traces only with
/// <c>NETKAN_TRACE=1</c>.
/// </summary>
public static class OneLineErrors
{
    public const int UsageExitCode = 2;
    public const int FailureExitCode = 1;

    /// <summary>Parses and runs <paramref name="args"/> with these rules (what <c>Program.cs</c> does).</summary>
    public static async Task<int> RunAsync(RootCommand root, string[] args, InvocationConfiguration? configuration = null,
        CancellationToken cancellationToken = default)
    {
        configuration ??= new InvocationConfiguration();
        Wrap(root);
        var parse = root.Parse(args);
        if (parse.Errors.Count > 0)
        {
            foreach (var error in parse.Errors)
            {
                await configuration.Error.WriteLineAsync($"netkan: {OneLine(error.Message)}");
            }
            await configuration.Error.WriteLineAsync($"Try 'netkan {string.Join(' ', CommandPath(parse.CommandResult.Command))} --help'.".Replace("netkan  ", "netkan ", StringComparison.Ordinal));
            return UsageExitCode;
        }
        return await parse.InvokeAsync(configuration, cancellationToken);
    }

    /// <summary>Replaces every command's action by one that reports exceptions in one line.</summary>
    private static void Wrap(Command command)
    {
        if (command.Action is AsynchronousCommandLineAction inner and not Reporting)
        {
            command.Action = new Reporting(inner, string.Join(' ', CommandPath(command)));
        }
        foreach (var sub in command.Subcommands)
        {
            Wrap(sub);
        }
    }

    private static IEnumerable<string> CommandPath(Command command)
    {
        var names = new List<string>();
        for (Symbol? s = command; s is Command c && c is not RootCommand; s = c.Parents.FirstOrDefault())
        {
            names.Insert(0, c.Name);
        }
        return names;
    }

    private static string OneLine(string text) => text.ReplaceLineEndings(" ").Trim();

    private sealed class Reporting(AsynchronousCommandLineAction inner, string name) : AsynchronousCommandLineAction
    {
        public override async Task<int> InvokeAsync(ParseResult parseResult, CancellationToken cancellationToken = default)
        {
            try
            {
                return await inner.InvokeAsync(parseResult, cancellationToken);
            }
            catch (OperationCanceledException) when (cancellationToken.IsCancellationRequested)
            {
                throw;
            }
            catch (Exception e)
            {
                var error = parseResult.InvocationConfiguration.Error;
                var message = e is CliFailure ? e.Message : $"{e.Message}{(e.InnerException is { } i ? $" ({i.Message})" : "")}";
                await error.WriteLineAsync($"netkan {name}: {OneLine(message)}");
                if (Environment.GetEnvironmentVariable("NETKAN_TRACE") == "1")
                {
                    await error.WriteLineAsync(e.ToString());
                }
                return FailureExitCode;
            }
        }
    }
}
