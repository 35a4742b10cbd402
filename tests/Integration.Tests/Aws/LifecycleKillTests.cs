using System.Diagnostics;
using LibGit2Sharp;
using Microsoft.Extensions.DependencyInjection;
using NetKAN.Bus.Contracts.Games;
using NetKAN.Bus.Sagas.Persistence;
using NetKAN.Bus.Services.Demo;
using NetKAN.Bus.TestSupport;

namespace NetKAN.Bus.Integration.Tests.Aws;

/// <summary>
/// The kill test of issue 12 on the production path: a real <c>netkan run --roles inflator,indexer,mirrorer
/// --transport sqs --store dynamodb</c> process, killed (SIGKILL) right after its 1st, 2nd, 3rd CKAN-meta commit or at
/// the start of its first mirror upload, then started again without being killed: every sample mod ends indexed and
/// mirrored, with exactly one commit per mod version and a clean git repository.
/// </summary>
public sealed class LifecycleKillTests
{

    [AwsTheory]
    [MemberData(nameof(KillMoments.All), MemberType = typeof(KillMoments))]
    public async Task A_stage_host_killed_at_any_point_loses_nothing_over_sqs_and_dynamodb(string moment, int occurrence)
    {
        await using var bed = new AwsTestBed(visibilitySeconds: 5);
        await bed.CreateAllAsync();
        await using var upstream = await FakeUpstream.StartAsync(SampleMods.All, AwsTestBed.Timeout(30));
        var workspace = DemoWorkspace.Create(Path.Combine(bed.DataDir, "data"), SampleMods.All);
        var config = DemoConfiguration.For(workspace, upstream.BaseUrl);
        var scheduler = await bed.StartHostAsync(["scheduler"], overrides: config);

        using (var doomed = StartStages(bed, config, workspace.Root))
        {
            await DemoScheduling.RunPassAsync(scheduler.Services, default);
            var killed = await doomed.KillAfterAsync(moment, occurrence, TimeSpan.FromMinutes(3));
            Assert.True(killed, $"the stage host never logged its {occurrence}. '{moment}'; its output:\n{doomed.Output}");
        }

        using var survivor = StartStages(bed, config, workspace.Root);
        var store = scheduler.Services.GetRequiredService<IModStateStore>();
        await AwsTestBed.EventuallyAsync(async () =>
        {
            var rows = await store.ListAsync(GameId.Ksp, default);
            return SampleMods.All.All(m => rows.Any(r => r.Identifier == m.Identifier && DemoSummary.IsComplete(r)));
        }, "every sample mod indexed and mirrored", 180, async () =>
            string.Join("\n", (await store.ListAsync(GameId.Ksp, default)).Select(r =>
                $"{r.Identifier}: {r.CurrentState} indexed {r.LastIndexed} mirror {r.MirrorStatus} awaiting [{string.Join(", ", r.Awaiting.Select(a => a.Stage))}]"))
            + "\n" + await bed.DescribeQueuesAsync() + "\n" + survivor.Output);

        foreach (var mod in SampleMods.All)
        {
            Assert.True(upstream.ArchiveItems.Keys.Any(x => x.Contains(mod.Identifier, StringComparison.Ordinal)),
                $"{mod.Identifier} never reached the fake archive");
        }
        using (var remote = new Repository(workspace.CkanMetaRemote))
        {
            var messages = remote.Commits.Select(c => c.MessageShort).ToList();
            foreach (var mod in SampleMods.All)
            {
                Assert.Single(messages, m => m == $"NetKAN added mod - {mod.Identifier}-{mod.Version}");
            }
            Assert.Equal(SampleMods.All.Count + 1, messages.Count);
        }
        Assert.Equal("", await KillMoments.GitFsckAsync(workspace.CkanMetaRepo));
        Assert.Equal("", await KillMoments.GitFsckAsync(workspace.CkanMetaRemote));
    }

    private static StageProcess StartStages(AwsTestBed bed, Dictionary<string, string?> demo, string dataDir)
    {
        var start = new ProcessStartInfo("dotnet") { RedirectStandardOutput = true, RedirectStandardError = true, UseShellExecute = false };
        var config = bed.Configuration();
        foreach (var (key, value) in demo)
        {
            config[key] = value;
        }
        config["Serilog:MinimumLevel:Default"] = "Information"; // the kill moments are read from the log
        start.ArgumentList.Add(Path.Combine(AppContext.BaseDirectory, "netkan.dll"));
        foreach (var arg in new[] { "run", "--roles", "inflator,indexer,mirrorer", "--transport", "sqs", "--store", "dynamodb", "--data-dir", dataDir })
        {
            start.ArgumentList.Add(arg);
        }
        foreach (var (key, value) in config.Where(x => x.Value is not null))
        {
            start.ArgumentList.Add($"--{key}={value}");
        }
        return new StageProcess(Process.Start(start)!);
    }

    private sealed class StageProcess : IDisposable
    {
        private readonly Process _process;
        private readonly System.Text.StringBuilder _output = new();
        private readonly List<(string Moment, int Occurrence, TaskCompletionSource Reached)> _watches = [];

        public StageProcess(Process process)
        {
            _process = process;
            process.OutputDataReceived += (_, e) => Line(e.Data);
            process.ErrorDataReceived += (_, e) => Line(e.Data);
            process.BeginOutputReadLine();
            process.BeginErrorReadLine();
        }

        public string Output
        {
            get
            {
                lock (_output)
                {
                    return _output.ToString();
                }
            }
        }

        /// <summary>Kills the process (SIGKILL) as soon as the line appeared that many times; false if it never did.</summary>
        public async Task<bool> KillAfterAsync(string moment, int occurrence, TimeSpan limit)
        {
            var reached = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
            lock (_output)
            {
                _watches.Add((moment, occurrence, reached));
                CheckWatches();
            }
            var done = await Task.WhenAny(reached.Task, Task.Delay(limit));
            if (!_process.HasExited)
            {
                _process.Kill(entireProcessTree: true);
            }
            await _process.WaitForExitAsync();
            return done == reached.Task;
        }

        public void Dispose()
        {
            if (!_process.HasExited)
            {
                _process.Kill(entireProcessTree: true);
                _process.WaitForExit();
            }
            _process.Dispose();
        }

        private void Line(string? line)
        {
            if (line is null)
            {
                return;
            }
            lock (_output)
            {
                _output.AppendLine(line);
                CheckWatches();
            }
        }

        private void CheckWatches()
        {
            var text = _output.ToString();
            foreach (var (moment, occurrence, reached) in _watches)
            {
                if (!reached.Task.IsCompleted && Count(text, moment) >= occurrence)
                {
                    try
                    {
                        _process.Kill(entireProcessTree: true); // right here, on the reading thread: no delay
                    }
                    catch (InvalidOperationException)
                    {
                        // already gone
                    }
                    reached.TrySetResult();
                }
            }
        }

        private static int Count(string text, string moment)
        {
            var count = 0;
            for (var at = text.IndexOf(moment, StringComparison.Ordinal); at >= 0; at = text.IndexOf(moment, at + 1, StringComparison.Ordinal))
            {
                count++;
            }
            return count;
        }
    }
}
