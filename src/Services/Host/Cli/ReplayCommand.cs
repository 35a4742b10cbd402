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
        var expect = new Option<FileInfo?>("--expect") { Description = "A status file the run wrote (status/netkan.json): print how the replayed rows differ." };
        var cache = new Option<DirectoryInfo?>("--cache") { Description = "The run's download cache, read (never written) for last_downloaded." };
        var command = new Command("replay", "Run a message journal through the stage consumers (in memory, offline) and print each mod's resulting state.")
        {
            file, expect, cache,
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
            var outcome = await ReplayRunner.RunAsync(journal.FullName, error, cancellationToken, parse.GetValue(cache)?.FullName);
            await output.WriteLineAsync(DemoSummary.Table(outcome.States));
            await output.WriteLineAsync($"{outcome.Lines} journal lines, {outcome.States.Count} mods, {outcome.Problems.Count} problems");
            var differences = 0;
            if (parse.GetValue(expect) is { } expected)
            {
                var diff = StatusFileDiff.Compare(await File.ReadAllTextAsync(expected.FullName, cancellationToken), outcome.States);
                foreach (var line in diff)
                {
                    await output.WriteLineAsync(line);
                }
                await output.WriteLineAsync(diff.Count == 0 ? $"Same rows as {expected.Name}" : $"{diff.Count} differences from {expected.Name}");
                differences = diff.Count;
            }
            return outcome.Problems.Count == 0 && differences == 0 ? 0 : 1;
        });
        return command;
    }
}
