using System.CommandLine;
using NetKAN.Bus.Services.Demo;
using NetKAN.Bus.Services.Replay;

namespace NetKAN.Bus.Services.Cli;

/// <summary><c>netkan replay FILE.jsonl</c>: replays a message journal and prints the resulting state per mod.</summary>
public static class ReplayCommand
{
    public static Command Create()
    {
        var file = new Argument<FileInfo>("journal") { Description = "A JSONL journal written with Journal:Path set." };
        var command = new Command("replay", "Run a message journal through the stage consumers (in memory, offline) and print each mod's resulting state.")
        {
            file,
        };
        command.SetAction(async (parse, cancellationToken) =>
        {
            var output = parse.InvocationConfiguration.Output;
            var error = parse.InvocationConfiguration.Error;
            var journal = parse.GetRequiredValue(file);
            if (!journal.Exists)
            {
                await error.WriteLineAsync($"netkan replay: {journal.FullName} does not exist");
                return 2;
            }
            var outcome = await ReplayRunner.RunAsync(journal.FullName, error, cancellationToken);
            await output.WriteLineAsync(DemoSummary.Table(outcome.States));
            await output.WriteLineAsync($"{outcome.Lines} journal lines, {outcome.States.Count} mods, {outcome.Problems.Count} problems");
            return outcome.Problems.Count == 0 ? 0 : 1;
        });
        return command;
    }
}
