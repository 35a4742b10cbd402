using System.Diagnostics;
using System.Net;
using System.Net.Sockets;
using Microsoft.Data.Sqlite;
using NetKAN.Bus.TestSupport;
using Xunit.Abstractions;

namespace NetKAN.Bus.Services.Tests.Transport;

/// <summary>
/// A real <c>netkan run --roles webhooks</c> process (embedded default: in-process queues, SQLite) flooded with 2,000
/// SpaceDock adds of 1 MiB each while nothing takes them off the queue: once the bounded queue is full the webhook
/// answers 503 with Retry-After, memory stays flat, and every accepted add is kept on disk.
/// </summary>
public sealed class QueueFloodTests(ITestOutputHelper output)
{
    private const int Requests = 2000;
    private const int MaxQueued = 100;
    private const long MaxGrowthBytes = 200L * 1024 * 1024;

    [Fact]
    public async Task A_flood_of_large_adds_fills_the_bounded_queue_then_gets_503_with_flat_memory_and_nothing_accepted_lost()
    {
        using var data = new TempDir("netkan-flood");
        var port = FreePort();
        using var host = Start(data.Path, port);
        try
        {
            using var client = new HttpClient { BaseAddress = new Uri($"http://127.0.0.1:{port}"), Timeout = TimeSpan.FromSeconds(60) };
            await WaitUntilServingAsync(client, host);
            // Warm up (JIT, Kestrel, SQLite) before the baseline.
            Assert.Equal(HttpStatusCode.NoContent, (await client.PostAsync("/sd/add/ksp", Add(-1))).StatusCode);
            var baseline = Rss(host);

            var peak = baseline;
            using var sampling = new CancellationTokenSource();
            var sampler = Task.Run(async () =>
            {
                while (!sampling.IsCancellationRequested)
                {
                    peak = Math.Max(peak, Rss(host));
                    await Task.Delay(50);
                }
            });
            var accepted = new List<int>();
            var refused = 0;
            var retryAfter = new HashSet<string>();
            await Parallel.ForEachAsync(Enumerable.Range(0, Requests), new ParallelOptions { MaxDegreeOfParallelism = 4 }, async (i, ct) =>
            {
                using var response = await client.PostAsync("/sd/add/ksp", Add(i), ct);
                lock (accepted)
                {
                    if (response.StatusCode == HttpStatusCode.NoContent)
                    {
                        accepted.Add(i);
                    }
                    else
                    {
                        Assert.Equal(HttpStatusCode.ServiceUnavailable, response.StatusCode);
                        refused++;
                        retryAfter.Add(response.Headers.RetryAfter?.Delta?.TotalSeconds.ToString() ?? "(none)");
                    }
                }
            });
            sampling.Cancel();
            await sampler;

            output.WriteLine($"{Requests} adds: {accepted.Count} accepted, {refused} refused; RSS {baseline / 1048576} MB before, peak {peak / 1048576} MB, {Rss(host) / 1048576} MB after");
            Assert.Equal(MaxQueued - 1, accepted.Count); // the warm-up add holds one place
            Assert.Equal(Requests - accepted.Count, refused);
            Assert.Equal(["30"], retryAfter);
            Assert.True(peak - baseline < MaxGrowthBytes,
                $"RSS grew from {baseline / 1048576} MB to a peak of {peak / 1048576} MB during the flood");

            // Nothing accepted is lost: every accepted add is in the queue file, as sent.
            var stored = StoredAddIds(Path.Combine(data.Path, "queues.db"));
            Assert.Equal(accepted.Append(-1).Order(), stored.Order());
        }
        finally
        {
            host.Kill(entireProcessTree: true);
            await host.WaitForExitAsync();
        }
    }

    /// <summary>A SpaceDock add form of a little over 1 MiB, distinct per request (the queue drops repeated bodies).</summary>
    private static FormUrlEncodedContent Add(int i) => new(
    [
        new("name", $"Flood {i}"),
        new("id", i.ToString()),
        new("license", "MIT"),
        new("description", $"request {i} " + new string('x', 1024 * 1024)),
    ]);

    private static List<int> StoredAddIds(string queueFile)
    {
        using var connection = new SqliteConnection($"Data Source={queueFile};Mode=ReadOnly");
        connection.Open();
        using var command = connection.CreateCommand();
        command.CommandText = "SELECT body FROM queued WHERE queue = 'Adding.fifo'";
        using var reader = command.ExecuteReader();
        var ids = new List<int>();
        while (reader.Read())
        {
            var body = System.Text.Json.JsonDocument.Parse(reader.GetString(0));
            ids.Add(int.Parse(body.RootElement.GetProperty("id").GetString()!));
        }
        SqliteConnection.ClearAllPools();
        return ids;
    }

    private static Process Start(string dataDir, int port)
    {
        var start = new ProcessStartInfo("dotnet") { RedirectStandardOutput = true, RedirectStandardError = true, UseShellExecute = false };
        foreach (var arg in new[]
        {
            Path.Combine(AppContext.BaseDirectory, "netkan.dll"), "run", "--roles", "webhooks", "--transport", "inmemory",
            "--store", "sqlite", "--data-dir", dataDir, "--urls", $"http://127.0.0.1:{port}",
            $"--Transport:InMemory:MaxQueued={MaxQueued}", "--Serilog:MinimumLevel:Default=Warning",
        })
        {
            start.ArgumentList.Add(arg);
        }
        var process = Process.Start(start)!;
        process.OutputDataReceived += (_, _) => { };
        process.ErrorDataReceived += (_, _) => { };
        process.BeginOutputReadLine();
        process.BeginErrorReadLine();
        return process;
    }

    private static async Task WaitUntilServingAsync(HttpClient client, Process host)
    {
        var clock = Stopwatch.StartNew();
        while (true)
        {
            Assert.False(host.HasExited, "the webhooks host exited");
            try
            {
                await client.GetAsync("/no-such-route");
                return;
            }
            catch (HttpRequestException) when (clock.Elapsed < TimeSpan.FromSeconds(90))
            {
                await Task.Delay(200);
            }
        }
    }

    /// <summary>Resident set size of a process, from /proc.</summary>
    private static long Rss(Process process)
    {
        var line = File.ReadLines($"/proc/{process.Id}/status").First(x => x.StartsWith("VmRSS:", StringComparison.Ordinal));
        return long.Parse(line.Split(' ', StringSplitOptions.RemoveEmptyEntries)[1]) * 1024;
    }

    private static int FreePort()
    {
        using var listener = new TcpListener(IPAddress.Loopback, 0);
        listener.Start();
        return ((IPEndPoint)listener.LocalEndpoint).Port;
    }
}
