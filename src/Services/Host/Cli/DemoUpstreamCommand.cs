using System.CommandLine;
using NetKAN.Bus.Services.Demo;

namespace NetKAN.Bus.Services.Cli;

/// <summary>
/// <c>netkan demo-upstream [--urls URL] [--public-url URL]</c>: the demo's fake SpaceDock / GitHub / download host /
/// Internet Archive on its own, serving the sample mods until stopped. The local container stack runs it as a service,
/// so the containerised roles inflate and mirror the sample mods without reaching the internet.
/// </summary>
public static class DemoUpstreamCommand
{
    public static Command Create()
    {
        var urls = new Option<string>("--urls")
        {
            Description = "Where to listen (http://0.0.0.0:PORT inside a container).",
            DefaultValueFactory = _ => "http://127.0.0.1:5090",
        };
        var publicUrl = new Option<string?>("--public-url")
        {
            Description = "The base URL other hosts reach it by, written into download and API URLs (default: --urls).",
        };
        var command = new Command("demo-upstream", "Serve the demo's fake upstream (SpaceDock, GitHub API, downloads, archive.org) for the sample mods.")
        {
            urls, publicUrl,
        };
        command.SetAction(async (parse, cancellationToken) =>
        {
            await using var upstream = await FakeUpstream.StartAsync(SampleMods.All, parse.GetValue(urls)!, parse.GetValue(publicUrl), cancellationToken);
            await parse.InvocationConfiguration.Output.WriteLineAsync(
                $"Fake upstream for {string.Join(", ", SampleMods.All.Select(m => m.Identifier))} on {parse.GetValue(urls)} as {upstream.BaseUrl}; Ctrl+C stops");
            try
            {
                await Task.Delay(Timeout.Infinite, cancellationToken);
            }
            catch (OperationCanceledException)
            {
                // Ctrl+C / SIGTERM (docker stop): dispose stops the server.
            }
            return 0;
        });
        return command;
    }
}
