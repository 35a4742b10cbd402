using System.CommandLine;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using NetKAN.Bus.Contracts.Games;
using NetKAN.Bus.Services.Hosting;
using NetKAN.Bus.Services.Roles;
using NetKAN.Bus.Services.Scheduler;

namespace NetKAN.Bus.Services.Cli;

/// <summary><c>netkan schedule --game ksp [--group nonhooks|webhooks|all]</c>: one scheduling pass now.</summary>
public static class ScheduleCommand
{
    public static Command Create()
    {
        var game = new Option<string>("--game") { Description = "Game id: ksp or ksp2.", Required = true };
        var group = new Option<string>("--group") { Description = "nonhooks (default), webhooks or all.", DefaultValueFactory = _ => "nonhooks" };
        group.AcceptOnlyFromAmong("nonhooks", "webhooks", "all");
        var transport = new Option<string>("--transport") { Description = "inmemory or sqs.", DefaultValueFactory = _ => "inmemory" };
        var store = new Option<string>("--store") { Description = "Status store: sqlite, memory or dynamodb.", DefaultValueFactory = _ => "sqlite" };
        var dataDir = new Option<string>("--data-dir") { Description = "Folder for local state (repos, SQLite).", DefaultValueFactory = _ => Path.Combine(Environment.CurrentDirectory, ".data") };
        var command = new Command("schedule", "Run one scheduling pass: send every active netkan of a game to its inflation queue.")
        {
            game, group, transport, store, dataDir,
        };
        command.SetAction(async (parse, cancellationToken) =>
        {
            var output = parse.InvocationConfiguration.Output;
            var gameId = GameId.Parse(parse.GetValue(game));
            var schedulerGroup = SchedulerGroups.Parse(parse.GetValue(group)!);
            var settings = new HostSettings
            {
                Roles = ["scheduler"],
                Transport = parse.GetValue(transport)!,
                Store = parse.GetValue(store)!,
                DataDir = parse.GetValue(dataDir)!,
            };
            using var host = NetkanHost.Build(settings, configureConfiguration: c => c.AddInMemoryCollection(
                new Dictionary<string, string?> { ["Scheduler:RunOnSchedule"] = "false" }));
            await host.StartAsync(cancellationToken);
            try
            {
                var result = await host.Services.GetRequiredService<SchedulingPass>().RunAsync(gameId, schedulerGroup, cancellationToken);
                var run = result.Run;
                output.WriteLine(run.Skipped
                    ? $"Skipped {gameId} ({run.Group}): {run.Reason}"
                    : $"Sent {run.Sent} inflation requests for {gameId} ({run.Group}) in {result.Scheduling.TotalMilliseconds:0} ms; " +
                      $"statuses recorded in {result.Recording.TotalMilliseconds:0} ms");
                if (settings.Transport == "inmemory")
                {
                    output.WriteLine("Note: with the in-memory transport the messages live only in this process.");
                }
                return run.Skipped ? 2 : 0;
            }
            finally
            {
                await host.StopAsync(CancellationToken.None);
            }
        });
        return command;
    }
}
