using System.Text.Json.Nodes;
using System.Text.RegularExpressions;
using Amazon.S3.Model;
using LibGit2Sharp;
using Microsoft.Extensions.DependencyInjection;
using NetKAN.Bus.Contracts.Games;
using NetKAN.Bus.Sagas.Persistence;
using NetKAN.Bus.Services.Demo;
using NetKAN.Bus.Services.Scheduler;
using NetKAN.Bus.Services.Status;
using NetKAN.Bus.Services.Transport.InMemory;

namespace NetKAN.Bus.Integration.Tests.Aws;

/// <summary>
/// The real scheduler, inflator, indexer and status-dumper roles, each in its own host, over SQS FIFO queues with
/// status rows in DynamoDB and the status files in S3, against the demo's fake upstream and git remotes — compared
/// with the same roles in one in-memory process.
/// </summary>
public sealed partial class RealRolesFlowTests
{
    [AwsFact]
    public async Task Scheduler_inflator_indexer_and_dumper_hosts_over_aws_reach_the_in_memory_outcome()
    {
        await using var upstream = await FakeUpstream.StartAsync(SampleMods.All, AwsTestBed.Timeout(30));
        var (memoryStatus, memoryTree) = await RunInMemoryAsync(upstream);

        await using var bed = new AwsTestBed(visibilitySeconds: 60);
        await bed.CreateAllAsync();
        var workspace = DemoWorkspace.Create(Path.Combine(bed.DataDir, "aws"), SampleMods.All);
        var scheduler = await bed.StartHostAsync(["scheduler"], overrides: HostConfig(workspace, upstream, bed.DataDir, "scheduler"));
        await bed.StartHostAsync(["inflator"], overrides: HostConfig(workspace, upstream, bed.DataDir, "inflator"));
        await bed.StartHostAsync(["indexer"], overrides: HostConfig(workspace, upstream, bed.DataDir, "indexer"));
        var dumperConfig = HostConfig(workspace, upstream, bed.DataDir, "dumper");
        dumperConfig["StatusDumper:Interval"] = "00:00:01";
        dumperConfig["StatusDumper:Folder"] = null;
        await bed.StartHostAsync(["status-dumper"], overrides: dumperConfig);

        await DemoScheduling.RunPassAsync(scheduler.Services, default);
        var store = scheduler.Services.GetRequiredService<IModStateStore>();
        await AwsTestBed.EventuallyAsync(async () =>
        {
            var rows = await store.ListAsync(GameId.Ksp, default);
            return SampleMods.All.All(m => rows.Any(r => r.Identifier == m.Identifier && DemoSummary.IsSettled(r)));
        }, "every sample mod settled", 120, async () =>
            string.Join("\n", (await store.ListAsync(GameId.Ksp, default)).Select(r => $"{r.Identifier}: {r.CurrentState} v{r.Version} {string.Join(", ", r.History.Select(h => h.Event))}"))
            + "\n" + await bed.DescribeQueuesAsync());
        // The dumper writes every second; wait for a dump taken after the last row settled.
        string? dumped = null;
        for (var wait = 0; wait < 100 && (dumped is null || !SameStatus(dumped, memoryStatus)); wait++)
        {
            await Task.Delay(100);
            dumped = await ReadAsync(bed, "status/netkan.json");
        }

        Assert.True(SameStatus(dumped!, memoryStatus), $"S3:        {dumped}\nin memory: {memoryStatus}");
        Assert.Equal(memoryTree, Tree(workspace.CkanMetaRemote));
        Assert.All(SampleMods.All, m => Assert.False(JsonNode.Parse(dumped!)![m.Identifier]!["failed"]!.GetValue<bool>()));
        Assert.Equal(0, await bed.DepthAsync(bed.Queues.InflationFor(GameId.Ksp)));
        Assert.Equal(0, await bed.DepthAsync(bed.Queues.Outbound));
    }

    private static async Task<(string Status, List<string> Tree)> RunInMemoryAsync(FakeUpstream upstream)
    {
        await using var bed = new AwsTestBed();
        var workspace = DemoWorkspace.Create(Path.Combine(bed.DataDir, "memory"), SampleMods.All);
        var config = HostConfig(workspace, upstream, bed.DataDir, "all");
        config["StatusDumper:Bucket"] = null;
        using var host = bed.BuildHost(["scheduler", "inflator", "indexer", "status-dumper"], null, config,
            transport: "inmemory", store: "memory");
        await host.StartAsync(AwsTestBed.Timeout(30));
        try
        {
            await DemoScheduling.RunPassAsync(host.Services, default);
            var store = host.Services.GetRequiredService<IModStateStore>();
            await AwsTestBed.EventuallyAsync(async () =>
            {
                await host.Services.GetRequiredService<InMemoryQueues>().WaitForIdleAsync(AwsTestBed.Timeout(60));
                var rows = await store.ListAsync(GameId.Ksp, default);
                return SampleMods.All.All(m => rows.Any(r => r.Identifier == m.Identifier && DemoSummary.IsSettled(r)));
            }, "every sample mod settled in memory", 120);
            var folder = Path.Combine(bed.DataDir, "memory-status");
            await host.Services.GetRequiredService<StatusDumper>().DumpAsync(null, folder, default);
            return (await File.ReadAllTextAsync(Path.Combine(folder, "netkan.json")), Tree(workspace.CkanMetaRemote));
        }
        finally
        {
            await host.StopAsync(AwsTestBed.Timeout(15));
        }
    }

    /// <summary>
    /// The demo's configuration, with this host's own clones of the shared remotes (as separate containers have);
    /// the download cache is one folder for all, as the containers share it in a volume.
    /// </summary>
    private static Dictionary<string, string?> HostConfig(DemoWorkspace workspace, FakeUpstream upstream, string dataDir, string host)
    {
        var config = DemoConfiguration.For(workspace, upstream.BaseUrl);
        config["Repos:ksp:NetKan:Path"] = Path.Combine(dataDir, host, "NetKAN");
        config["Repos:ksp:CkanMeta:Path"] = Path.Combine(dataDir, host, "CKAN-meta");
        return config; // the download cache stays shared: the indexer reads last_downloaded from it, as in the original

    }

    /// <summary>Every file on the remote's default branch with its content.</summary>
    private static List<string> Tree(string bareRemote)
    {
        using var repo = new Repository(bareRemote);
        var files = new List<string>();
        void Walk(Tree tree, string prefix)
        {
            foreach (var entry in tree)
            {
                if (entry.Target is Tree sub)
                {
                    Walk(sub, $"{prefix}{entry.Name}/");
                }
                else if (entry.Target is Blob blob)
                {
                    files.Add($"{prefix}{entry.Name}: {blob.GetContentText()}");
                }
            }
        }
        Walk(repo.Head.Tip.Tree, "");
        return files;
    }

    /// <summary>
    /// Equal as JSON once every timestamp is blanked (the runs happen at different times); key order is free
    /// (DynamoDB keeps none in a map, so rows read from it list resources sorted).
    /// </summary>
    private static bool SameStatus(string a, string b) =>
        JsonNode.DeepEquals(JsonNode.Parse(WithoutTimes(a)), JsonNode.Parse(WithoutTimes(b)));

    private static string WithoutTimes(string status) => Timestamp().Replace(status, "\"<time>\"");

    [GeneratedRegex("\"\\d{4}-\\d{2}-\\d{2}T[^\"]*\"")]
    private static partial Regex Timestamp();

    private static async Task<string?> ReadAsync(AwsTestBed bed, string key)
    {
        try
        {
            using var response = await bed.S3.GetObjectAsync(new GetObjectRequest { BucketName = bed.Bucket, Key = key });
            return await new StreamReader(response.ResponseStream).ReadToEndAsync();
        }
        catch (Amazon.S3.AmazonS3Exception e) when (e.StatusCode == System.Net.HttpStatusCode.NotFound)
        {
            return null;
        }
    }
}
