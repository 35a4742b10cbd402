using System.Diagnostics;
using System.Net;
using System.Net.Sockets;
using Microsoft.Extensions.DependencyInjection;
using NetKAN.Bus.Contracts.Lifecycle;
using NetKAN.Bus.Contracts.Queues;
using NetKAN.Bus.Contracts.Games;
using NetKAN.Bus.Sagas.Persistence;
using NetKAN.Bus.Services.Demo;

namespace NetKAN.Bus.Integration.Tests.Aws;

/// <summary>A real <c>netkan run --roles inflator</c> process, killed (SIGKILL) while it works on a message.</summary>
public sealed class ProcessKillTests
{
    [AwsFact]
    public async Task A_killed_inflator_process_leaves_its_message_to_the_next_inflator_which_handles_it_once()
    {
        await using var bed = new AwsTestBed(visibilitySeconds: 4);
        await bed.CreateAllAsync();
        using var silent = new SilentUpstream();
        var silentUrl = silent.Url;
        var mod = SampleMods.All.First(x => x.SpaceDockId is not null);

        using var doomed = StartNetkan(bed, ["run", "--roles", "inflator", "--transport", "sqs", "--store", "dynamodb",
            "--data-dir", Path.Combine(bed.DataDir, "doomed"),
            $"--Upstreams:SpaceDock={silentUrl}", $"--Upstreams:GitHubApi={silentUrl}", $"--Upstreams:GitHub={silentUrl}",
            "--Inflator:TextTimeout=00:05:00", "--Inflator:RemoteAvc=false"]);
        var scheduler = await bed.StartHostAsync([]);
        await scheduler.Services.GetRequiredService<ContractSender>().SendAsync(new InflateMod(GameId.Ksp, mod.NetkanFileText), default);
        var reached = await Task.WhenAny(silent.FirstCall, Task.Delay(TimeSpan.FromSeconds(60)));
        Assert.True(reached == silent.FirstCall, $"the inflator process never called its upstream; its output:\n{doomed.Output}");

        doomed.Process.Kill(entireProcessTree: true); // SIGKILL: no shutdown, no delete, no visibility change
        await doomed.Process.WaitForExitAsync();
        var killedAt = Stopwatch.StartNew();
        Assert.Equal(1, await bed.DepthAsync(bed.Queues.InflationFor(GameId.Ksp)));

        await using var upstream = await FakeUpstream.StartAsync(SampleMods.All, AwsTestBed.Timeout(30));
        var workspace = DemoWorkspace.Create(Path.Combine(bed.DataDir, "survivor"), SampleMods.All);
        var results = new StageProbe();
        await bed.StartHostAsync(["inflator"], [ResultRecorder.Role(results)], DemoConfiguration.For(workspace, upstream.BaseUrl));

        await AwsTestBed.EventuallyAsync(() => Task.FromResult(results.Completed.Count == 1), "the surviving inflator's result", 60);
        Assert.True(killedAt.Elapsed > TimeSpan.FromSeconds(2), "redelivered only after the visibility timeout");
        var result = Assert.IsType<ModInflated>(results.Completed.Single());
        Assert.True(result.Success, result.ErrorMessage);
        Assert.Equal(mod.Identifier, result.Identifier);
        await AwsTestBed.EventuallyAsync(async () => await bed.DepthAsync(bed.Queues.InflationFor(GameId.Ksp)) == 0, "the request to be deleted");
        await Task.Delay(TimeSpan.FromSeconds(1));
        Assert.Single(results.Completed);
        var row = await scheduler.Services.GetRequiredService<IModStateStore>().LoadAsync(ModSagaId.For(GameId.Ksp, mod.Identifier), default);
        Assert.Equal(["inflated"], row!.History.Select(x => x.Event));
    }

    private static NetkanProcess StartNetkan(AwsTestBed bed, IEnumerable<string> args)
    {
        var start = new ProcessStartInfo("dotnet")
        {
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            UseShellExecute = false,
        };
        start.ArgumentList.Add(Path.Combine(AppContext.BaseDirectory, "netkan.dll"));
        foreach (var arg in args.Concat(bed.Configuration().Select(x => $"--{x.Key}={x.Value}")))
        {
            start.ArgumentList.Add(arg);
        }
        return new NetkanProcess(Process.Start(start)!);
    }

    /// <summary>An upstream that accepts connections and never answers, so an inflation hangs mid-message.</summary>
    private sealed class SilentUpstream : IDisposable
    {
        private readonly TcpListener _listener = new(IPAddress.Loopback, 0);
        private readonly List<TcpClient> _held = [];
        private readonly TaskCompletionSource _firstCall = new(TaskCreationOptions.RunContinuationsAsynchronously);
        private readonly Task _accepting;

        public SilentUpstream()
        {
            _listener.Start();
            _accepting = AcceptAsync();
        }

        public string Url => $"http://127.0.0.1:{((IPEndPoint)_listener.LocalEndpoint).Port}";

        public Task FirstCall => _firstCall.Task;

        private async Task AcceptAsync()
        {
            try
            {
                while (true)
                {
                    var client = await _listener.AcceptTcpClientAsync();
                    lock (_held)
                    {
                        _held.Add(client);
                    }
                    _firstCall.TrySetResult();
                }
            }
            catch (Exception e) when (e is ObjectDisposedException or SocketException)
            {
                // stopped
            }
        }

        public void Dispose()
        {
            _listener.Stop();
            _accepting.Wait(TimeSpan.FromSeconds(5));
            lock (_held)
            {
                _held.ForEach(x => x.Dispose());
            }
        }
    }

    private sealed class NetkanProcess : IDisposable
    {
        private readonly System.Text.StringBuilder _output = new();

        public NetkanProcess(Process process)
        {
            Process = process;
            process.OutputDataReceived += (_, e) => Append(e.Data);
            process.ErrorDataReceived += (_, e) => Append(e.Data);
            process.BeginOutputReadLine();
            process.BeginErrorReadLine();
        }

        public Process Process { get; }

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

        private void Append(string? line)
        {
            lock (_output)
            {
                _output.AppendLine(line);
            }
        }

        public void Dispose()
        {
            if (!Process.HasExited)
            {
                Process.Kill(entireProcessTree: true);
            }
            Process.Dispose();
        }
    }
}
