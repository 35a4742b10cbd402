using System.CommandLine;
using Microsoft.Extensions.DependencyInjection;
using NetKAN.Bus.Contracts.Games;
using NetKAN.Bus.Services.DownloadCounter;

namespace NetKAN.Bus.Services.Cli;

/// <summary><c>netkan download-counter --game ksp</c>: count downloads now and update CKAN-meta's download_counts.json.</summary>
public static class DownloadCounterCommand
{
    public static Command Create()
    {
        var game = new Option<string>("--game") { Description = "Game id: ksp or ksp2.", DefaultValueFactory = _ => "ksp" };
        var store = OneShotHost.StoreOption();
        var dataDir = OneShotHost.DataDirOption();
        var command = new Command("download-counter", "Count every mod's downloads and commit CKAN-meta/download_counts.json when it changed.")
        {
            game, store, dataDir,
        };
        command.SetAction(async (parse, cancellationToken) =>
        {
            var output = parse.InvocationConfiguration.Output;
            var gameId = GameId.Parse(parse.GetValue(game));
            return await OneShotHost.RunAsync("download-counter", parse.GetValue(store)!, parse.GetValue(dataDir)!,
                new Dictionary<string, string?> { ["DownloadCounter:RunOnSchedule"] = "false" },
                async (services, ct) =>
                {
                    var result = await services.GetRequiredService<ModDownloadCounter>().CountAsync(gameId, ct);
                    output.WriteLine($"Counted downloads of {result.Counts.Count} of {result.Modules} {gameId} mods in {result.Elapsed.TotalSeconds:0.0} s");
                    output.WriteLine(result.Commit is null
                        ? "download_counts.json unchanged; nothing committed"
                        : $"Committed download_counts.json as {result.Commit[..7]} ({ModDownloadCounter.CommitMessage}) and pushed");
                    output.WriteLine($"Top 5 all-time:\n{ModDownloadCounter.Format(result.TopAllTime)}");
                    output.WriteLine($"Top 5 today:\n{ModDownloadCounter.Format(result.TopToday)}");
                    output.WriteLine($"Status rows updated: {result.Recorded}");
                    return 0;
                }, cancellationToken);
        });
        return command;
    }
}
