using System.CommandLine;
using Microsoft.Extensions.Configuration;
using NetKAN.Bus.Inflator.Downloads;
using NetKAN.Bus.Services.CacheCleaner;
using NetKAN.Bus.Services.Hosting;
using NetKAN.Bus.Services.Roles;

namespace NetKAN.Bus.Services.Cli;

/// <summary><c>netkan clean-cache --days 30 [--cache DIR] [--max-size 50G]</c>: the original's cache cleaner, once.</summary>
public static class CleanCacheCommand
{
    public static Command Create()
    {
        var days = new Option<int>("--days") { Description = "Delete packages not written for this many days.", Required = true };
        var cache = new Option<DirectoryInfo?>("--cache")
        {
            Description = "The download cache (default Inflator:CacheDir, else <data dir>/cache).",
        };
        var data = new Option<DirectoryInfo?>("--data-dir") { Description = "Data folder whose cache is meant (default ./.data)." };
        var maxSize = new Option<string?>("--max-size") { Description = "Then delete the oldest packages until the rest fit, e.g. 50G." };
        var command = new Command("clean-cache", "Delete old packages (and their hash sidecars) from the download cache.") { days, cache, data, maxSize };
        command.SetAction(parse =>
        {
            var output = parse.InvocationConfiguration.Output;
            var error = parse.InvocationConfiguration.Error;
            if (parse.GetValue(days) < 0)
            {
                error.WriteLine("--days must be 0 or more");
                return 1;
            }
            long? cap;
            try
            {
                cap = parse.GetValue(maxSize) is { } text ? ByteSize.Parse(text) : null;
            }
            catch (FormatException e)
            {
                error.WriteLine($"--max-size: {e.Message}");
                return 1;
            }
            var layout = parse.GetValue(cache) is { } folder
                ? new DownloadCacheLayout(folder.FullName)
                : HostDownloadCache.Layout(new ConfigurationBuilder().AddEnvironmentVariables().Build(),
                    parse.GetValue(data) is { } dir ? new HostSettings { DataDir = dir.FullName } : new HostSettings());
            if (!Directory.Exists(layout.Folder))
            {
                error.WriteLine($"No download cache at {layout.Folder}");
                return 1;
            }
            var result = layout.Clean(DateTimeOffset.UtcNow - TimeSpan.FromDays(parse.GetValue(days)), cap);
            foreach (var removed in result.Removed)
            {
                output.WriteLine($"Purging {Path.GetFileName(removed.Path)} from ckan cache");
            }
            output.WriteLine($"Removed {result.Removed.Count} package(s); kept {result.Kept} ({ByteSize.Format(result.KeptBytes)}) in {layout.Folder}");
            return 0;
        });
        return command;
    }
}
