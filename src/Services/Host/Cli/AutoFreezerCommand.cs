using System.CommandLine;
using Microsoft.Extensions.DependencyInjection;
using NetKAN.Bus.Contracts.Games;
using NetKAN.Bus.Services.AutoFreezer;

namespace NetKAN.Bus.Services.Cli;

/// <summary><c>netkan auto-freezer --game ksp [--days-limit 1000] [--days-till-ignore 21]</c>: one Auto-Freezer run now.</summary>
public static class AutoFreezerCommand
{
    public static Command Create()
    {
        var game = new Option<string>("--game") { Description = "Game id: ksp or ksp2.", DefaultValueFactory = _ => "ksp" };
        var days = new Option<int?>("--days-limit") { Description = "Idle after this many days without a release (default AutoFreezer:DaysLimit, 1000)." };
        var ignore = new Option<int?>("--days-till-ignore") { Description = "Skip mods idle longer than days-limit + this (default AutoFreezer:DaysTillIgnore, 21)." };
        var store = OneShotHost.StoreOption();
        var dataDir = OneShotHost.DataDirOption();
        var command = new Command("auto-freezer",
            "Propose freezing idle mods (pull request on NetKAN), mark vanished mods frozen, and suggest unfreezing mods with new releases.")
        {
            game, days, ignore, store, dataDir,
        };
        command.SetAction(async (parse, cancellationToken) =>
        {
            var output = parse.InvocationConfiguration.Output;
            var gameId = GameId.Parse(parse.GetValue(game));
            return await OneShotHost.RunAsync("auto-freezer", parse.GetValue(store)!, parse.GetValue(dataDir)!,
                new Dictionary<string, string?> { ["AutoFreezer:RunOnSchedule"] = "false" },
                async (services, ct) =>
                {
                    var result = await services.GetRequiredService<ModFreezer>().RunAsync(gameId, parse.GetValue(days), parse.GetValue(ignore), ct);
                    output.WriteLine($"Idle {gameId} mods: {result.Idle.Count}");
                    foreach (var mod in result.Idle)
                    {
                        output.WriteLine($"  {mod.Identifier}  last update {mod.LastUpdate.UtcDateTime:yyyy-MM-dd HH:mm} UTC{(result.Froze.Contains(mod.Identifier) ? "  (frozen on the branch now)" : "")}");
                    }
                    if (result.PullRequestUrl is not null)
                    {
                        output.WriteLine($"Pull request: {result.PullRequestUrl}");
                    }
                    output.WriteLine($"Status rows marked frozen: {result.MarkedFrozen.Count}{(result.MarkedFrozen.Count > 0 ? " (" + string.Join(", ", result.MarkedFrozen) + ")" : "")}");
                    output.WriteLine($"Frozen mods with a newer upstream release: {result.Suggestions.Count}");
                    foreach (var (identifier, reason) in result.Suggestions)
                    {
                        output.WriteLine($"  {identifier}: {reason}");
                    }
                    return 0;
                }, cancellationToken);
        });
        return command;
    }
}
