using System.CommandLine;
using NetKAN.Bus.Services.Hosting;
using NetKAN.Bus.Services.Roles;

namespace NetKAN.Bus.Services.Cli;

/// <summary>
/// The options every host-building command shares (<c>--transport</c>, <c>--store</c>, <c>--data-dir</c>); anything
/// else on the line (<c>--Sqs:WaitTimeSeconds=5</c>, <c>--Aws:ServiceUrl=…</c>) is passed on as configuration.
/// </summary>
public sealed class HostCommandOptions
{
    public Option<string> Transport { get; } = new("--transport")
    {
        Description = "inmemory (one process) or sqs (between processes)",
        DefaultValueFactory = _ => "inmemory",
    };

    public Option<string> Store { get; } = new("--store")
    {
        Description = "Where status rows live: sqlite (file under --data-dir), memory, or dynamodb",
        DefaultValueFactory = _ => "sqlite",
    };

    public Option<string?> DataDir { get; } = new("--data-dir")
    {
        Description = "Folder for local state (SQLite status, repos, cache); default ./.data",
    };

    public void AddTo(Command command)
    {
        command.Options.Add(Transport);
        command.Options.Add(Store);
        command.Options.Add(DataDir);
        command.TreatUnmatchedTokensAsErrors = false;
    }

    public HostSettings Settings(ParseResult parse, IReadOnlyList<string> roles, string? urls = null)
    {
        var settings = new HostSettings
        {
            Roles = roles,
            Transport = parse.GetValue(Transport) ?? "inmemory",
            Store = parse.GetValue(Store) ?? "sqlite",
            Urls = urls,
        };
        return parse.GetValue(DataDir) is { Length: > 0 } dir ? settings with { DataDir = DataFolder.Prepare(dir, "--data-dir") } : settings;
    }

    /// <summary>Tokens the command did not recognise, handed to the host as command-line configuration.</summary>
    public static string[] ConfigurationArgs(ParseResult parse) => parse.UnmatchedTokens.ToArray();
}
