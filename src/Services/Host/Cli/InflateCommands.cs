using System.CommandLine;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using NetKAN.Bus.Inflator;
using NetKAN.Bus.Inflator.Coverage;
using NetKAN.Bus.Contracts.Games;

namespace NetKAN.Bus.Services.Cli;

/// <summary>
/// <c>netkan inflate FILE.netkan</c> (print or write the inflated .ckan files) and
/// <c>netkan netkan coverage DIR</c> (which netkans use only features the inflator implements).
/// Configuration: appsettings.json, then environment variables (<c>Upstreams__SpaceDock</c>, <c>GitHub__Token</c>,
/// <c>Inflator__CacheDir</c>), then the options given here.
/// </summary>
public static class InflateCommands
{
    public static Command CreateInflate()
    {
        var file = new Argument<FileInfo>("file") { Description = "The .netkan file to inflate." };
        var game = new Option<string>("--game") { Description = "Game id: ksp or ksp2.", DefaultValueFactory = _ => "ksp" };
        var highest = new Option<string?>("--highest-version") { Description = "Highest stable version already indexed (auto-epoch)." };
        var highestPre = new Option<string?>("--highest-version-prerelease") { Description = "Highest prerelease version already indexed." };
        var releases = new Option<int>("--releases") { Description = "Releases to inflate per host.", DefaultValueFactory = _ => 1 };
        var output = new Option<DirectoryInfo?>("--output") { Description = "Write <identifier>-<version>.ckan files here instead of printing." };
        var cache = new Option<DirectoryInfo?>("--cache") { Description = "Download cache folder (default Inflator:CacheDir or ~/.cache/netkan/downloads)." };

        var command = new Command("inflate", "Inflate a .netkan into .ckan metadata.");
        command.Arguments.Add(file);
        command.Options.Add(game);
        command.Options.Add(highest);
        command.Options.Add(highestPre);
        command.Options.Add(releases);
        command.Options.Add(output);
        command.Options.Add(cache);
        command.SetAction(async (parse, ct) =>
        {
            var stdout = parse.InvocationConfiguration.Output;
            var stderr = parse.InvocationConfiguration.Error;
            var path = parse.GetValue(file)!;
            if (!path.Exists)
            {
                await stderr.WriteLineAsync($"{path.FullName}: no such file");
                return 1;
            }
            if (!GameId.TryParse(parse.GetValue(game), out var gameId))
            {
                await stderr.WriteLineAsync($"Unknown game id '{parse.GetValue(game)}'; expected one of: ksp, ksp2");
                return 1;
            }
            var overrides = new Dictionary<string, string?>();
            if (parse.GetValue(cache) is { } cacheDir)
            {
                overrides["Inflator:CacheDir"] = cacheDir.FullName;
            }
            await using var services = BuildServices(overrides);
            var inflator = services.GetRequiredService<IInflator>();
            var result = await inflator.InflateAsync(new InflationRequest
            {
                NetkanText = await File.ReadAllTextAsync(path.FullName, ct),
                FileName = path.Name,
                Game = gameId.Value,
                HighestVersion = parse.GetValue(highest),
                HighestVersionPrerelease = parse.GetValue(highestPre),
                Releases = parse.GetValue(releases),
            }, ct);
            foreach (var warning in result.Warnings)
            {
                await stderr.WriteLineAsync($"warning: {warning}");
            }
            if (!result.Success)
            {
                await stderr.WriteLineAsync(result.ErrorMessage);
                return 1;
            }
            if (result.Staged && result.StagingReason is { } reason)
            {
                await stderr.WriteLineAsync($"staged: {reason}");
            }
            if (parse.GetValue(output) is { } dir)
            {
                dir.Create();
                foreach (var module in result.Modules)
                {
                    var target = Path.Combine(dir.FullName, module.FileName);
                    await File.WriteAllTextAsync(target, module.Ckan, ct);
                    await stdout.WriteLineAsync(target);
                }
            }
            else
            {
                foreach (var module in result.Modules)
                {
                    await stdout.WriteAsync(module.Ckan);
                }
            }
            return 0;
        });
        return command;
    }

    /// <summary>
    /// <c>netkan netkan coverage DIR</c>. System.CommandLine refuses a sub-command that has the root command's name,
    /// and the root command is named after the executable (<c>netkan</c>). When that is the case, <c>coverage</c> is
    /// registered at the root: the parser accepts the root's own name as a leading token, so
    /// <c>netkan netkan coverage DIR</c> (and <c>netkan coverage DIR</c>) work. Under any other host name (tests,
    /// other tools embedding the CLI) a regular <c>netkan</c> group holds <c>coverage</c>.
    /// </summary>
    public static Command CreateNetkanCoverage()
    {
        var folder = new Argument<DirectoryInfo>("dir") { Description = "A folder of .netkan files (e.g. NetKAN/NetKAN)." };
        var coverage = new Command("coverage", "Report how many .netkan files use only features the inflator supports (netkan netkan coverage DIR).");
        coverage.Arguments.Add(folder);
        coverage.SetAction(parse =>
        {
            var stdout = parse.InvocationConfiguration.Output;
            var dir = parse.GetValue(folder)!;
            if (!dir.Exists)
            {
                parse.InvocationConfiguration.Error.WriteLine($"{dir.FullName}: no such folder");
                return 1;
            }
            var report = NetkanCoverage.Analyze(dir.FullName);
            foreach (var entry in report.Files.Where(f => !f.Supported))
            {
                stdout.WriteLine($"{entry.File}: {string.Join(", ", entry.Unsupported)}");
            }
            stdout.WriteLine($"{report.Supported} of {report.Total} netkans use only supported features ({report.Percent:F1}%)");
            return 0;
        });
        if (RootCommand.ExecutableName == "netkan")
        {
            return coverage;
        }
        var group = new Command("netkan", "Work with .netkan files.");
        group.Subcommands.Add(coverage);
        return group;
    }

    private static ServiceProvider BuildServices(IDictionary<string, string?> overrides)
    {
        var configuration = new ConfigurationBuilder()
            .AddJsonFile(Path.Combine(AppContext.BaseDirectory, "appsettings.json"), optional: true)
            .AddEnvironmentVariables()
            .AddInMemoryCollection(overrides)
            .Build();
        return new ServiceCollection()
            .AddInflator(configuration)
            .BuildServiceProvider();
    }
}
