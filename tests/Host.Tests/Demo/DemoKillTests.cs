using System.Diagnostics;
using System.Text.Json.Nodes;
using LibGit2Sharp;
using NetKAN.Bus.Services.Demo;
using NetKAN.Bus.TestSupport;

namespace NetKAN.Bus.Services.Tests.Demo;

/// <summary>
/// <c>netkan demo --once</c> as a separate process, killed with SIGKILL at a moment of its work, then run again on the
/// same data without being killed: the second run must finish every stage of every sample mod, with exactly one
/// commit per mod version and a clean git repository (issue 12, "done when").
/// </summary>
public sealed class DemoKillTests
{

    [Theory]
    [MemberData(nameof(KillMoments.All), MemberType = typeof(KillMoments))]
    public async Task A_demo_killed_at_any_point_is_completed_by_the_next_run_with_one_commit_per_version(string moment, int occurrence)
    {
        using var data = new TempDir("netkan-kill");
        var killed = await RunUntilKilledAsync(data.Path, moment, occurrence);
        Assert.True(killed, $"the demo finished before its {occurrence}. '{moment}' line, so it was never killed there");

        var (exit, output, error) = await RunAsync(data.Path);
        Assert.True(exit == 0, $"rerun exit {exit}\n{output}\n{error}");

        // Every sample mod went through every stage: the summary's mirrored column holds a time, not "never".
        var rows = output.Split('\n').Select(x => x.Split("  ", StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries)).ToList();
        foreach (var mod in SampleMods.All)
        {
            var row = rows.Single(r => r.Length > 0 && r[0] == mod.Identifier);
            Assert.Equal("ok", row[3]);
            Assert.Matches(@"^\d\d:\d\d:\d\d$", row[6]); // inflated, indexed, mirrored are columns 4, 5, 6
        }

        var status = JsonNode.Parse(await File.ReadAllTextAsync(data.Combine("status", "netkan.json")))!.AsObject();
        foreach (var mod in SampleMods.All)
        {
            Assert.NotNull((string?)status[mod.Identifier]!["last_indexed"]);
        }

        using (var remote = new Repository(data.Combine("remotes", "CKAN-meta.git")))
        {
            var messages = remote.Commits.Select(c => c.MessageShort).ToList();
            foreach (var mod in SampleMods.All)
            {
                Assert.Single(messages, m => m == $"NetKAN added mod - {mod.Identifier}-{mod.Version}");
            }
            Assert.Equal(SampleMods.All.Count + 1, messages.Count);
        }
        Assert.Equal("", await KillMoments.GitFsckAsync(data.Combine("CKAN-meta")));
        Assert.Equal("", await KillMoments.GitFsckAsync(data.Combine("remotes", "CKAN-meta.git")));
    }

    /// <summary>Starts the demo and kills it (SIGKILL) right after the given log line appeared that many times.</summary>
    private static async Task<bool> RunUntilKilledAsync(string dataDir, string moment, int occurrence)
    {
        using var process = Start(dataDir);
        var seen = 0;
        var reached = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        process.ErrorDataReceived += (_, e) =>
        {
            if (e.Data?.Contains(moment, StringComparison.Ordinal) == true && Interlocked.Increment(ref seen) == occurrence)
            {
                try
                {
                    process.Kill(entireProcessTree: true); // SIGKILL: no shutdown, no flush, no cleanup
                }
                catch (InvalidOperationException)
                {
                    // already gone
                }
                reached.TrySetResult();
            }
        };
        process.OutputDataReceived += (_, _) => { };
        process.BeginErrorReadLine();
        process.BeginOutputReadLine();
        using var timeout = new CancellationTokenSource(TimeSpan.FromMinutes(3));
        await process.WaitForExitAsync(timeout.Token);
        return reached.Task.IsCompleted;
    }

    private static async Task<(int Exit, string Output, string Error)> RunAsync(string dataDir)
    {
        using var process = Start(dataDir);
        var output = process.StandardOutput.ReadToEndAsync();
        var error = process.StandardError.ReadToEndAsync();
        using var timeout = new CancellationTokenSource(TimeSpan.FromMinutes(3));
        await process.WaitForExitAsync(timeout.Token);
        return (process.ExitCode, await output, await error);
    }

    private static Process Start(string dataDir)
    {
        var start = new ProcessStartInfo("dotnet")
        {
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            UseShellExecute = false,
        };
        foreach (var arg in new[] { Path.Combine(AppContext.BaseDirectory, "netkan.dll"), "demo", "--once", "--data", dataDir, "--port", "0", "--timeout", "120" })
        {
            start.ArgumentList.Add(arg);
        }
        return Process.Start(start)!;
    }
}
