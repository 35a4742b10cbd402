using Amazon.S3.Model;
using Microsoft.Extensions.DependencyInjection;
using NetKAN.Bus.Contracts.Lifecycle;
using NetKAN.Bus.Contracts.Queues;
using NetKAN.Bus.Contracts.Games;
using NetKAN.Bus.Sagas.Persistence;
using NetKAN.Bus.Sagas.Recording;
using NetKAN.Bus.Services.Status;
using NetKAN.Bus.Services.Transport.InMemory;

namespace NetKAN.Bus.Integration.Tests.Aws;

public sealed class FlowAcrossHostsTests
{
    private static readonly string[] Mods = ["Astrogator", "DogeCoinFlag", "KerbalEngineer", "MechJeb2", "SCANsat", "Trajectories"];

    [AwsFact]
    public async Task Scheduler_inflator_indexer_and_status_dumper_in_separate_hosts_give_the_in_memory_result()
    {
        var expected = await RunInMemoryAsync();

        await using var bed = new AwsTestBed();
        await bed.CreateAllAsync();
        var inflated = new StageProbe();
        var indexed = new StageProbe();
        var scheduler = await bed.StartHostAsync([]);
        await bed.StartHostAsync([], [TestStages.Inflator(inflated)]);
        await bed.StartHostAsync([], [TestStages.Indexer(indexed)]);
        await bed.StartHostAsync(["status-dumper"], overrides: new Dictionary<string, string?> { ["StatusDumper:Interval"] = "00:00:01" });

        await ScheduleAsync(scheduler.Services);

        await AwsTestBed.EventuallyAsync(() => Task.FromResult(indexed.Completed.Count == Mods.Length), "every mod indexed", 60);
        string? dumped = null;
        await AwsTestBed.EventuallyAsync(async () =>
        {
            dumped = await ReadAsync(bed, "status/netkan.json");
            return dumped == expected;
        }, "status/netkan.json in S3 to match the in-memory run", 30);

        Assert.Equal(expected, dumped);
        var metadata = await bed.S3.GetObjectMetadataAsync(bed.Bucket, "status/netkan.json");
        Assert.Equal("application/json", metadata.Headers.ContentType);
        Assert.Equal("{}", await ReadAsync(bed, "status/netkan-ksp2.json"));
        Assert.Equal(0, await bed.DepthAsync(bed.Queues.InflationFor(GameId.Ksp)));
        Assert.Equal(0, await bed.DepthAsync(bed.Queues.Outbound));
        var store = scheduler.Services.GetRequiredService<IModStateStore>();
        var row = await store.LoadAsync(ModSagaId.For(GameId.Ksp, "MechJeb2"), default);
        Assert.Equal("Indexed", row!.CurrentState);
        Assert.Equal(["inflation requested", "inflated", "indexed (added)"], row.History.Select(x => x.Event));
    }

    /// <summary>The same flow in one process: in-memory queues, in-memory status rows.</summary>
    private static async Task<string> RunInMemoryAsync()
    {
        await using var bed = new AwsTestBed();
        var inflated = new StageProbe();
        var indexed = new StageProbe();
        using var host = bed.BuildHost(["status-dumper"], [TestStages.Inflator(inflated), TestStages.Indexer(indexed)], new Dictionary<string, string?> { ["StatusDumper:Bucket"] = null, ["StatusDumper:Folder"] = Path.Combine(bed.DataDir, "status") },
            transport: "inmemory", store: "memory");
        await host.StartAsync(AwsTestBed.Timeout(30));
        try
        {
            await ScheduleAsync(host.Services);
            await host.Services.GetRequiredService<InMemoryQueues>().WaitForIdleAsync(AwsTestBed.Timeout(30));
            var folder = Path.Combine(bed.DataDir, "status");
            await host.Services.GetRequiredService<StatusDumper>().DumpAsync(null, folder, default);
            return await File.ReadAllTextAsync(Path.Combine(folder, "netkan.json"));
        }
        finally
        {
            await host.StopAsync(AwsTestBed.Timeout(15));
        }
    }

    /// <summary>What the scheduler does: record the request, then queue the inflation.</summary>
    private static async Task ScheduleAsync(IServiceProvider services)
    {
        var lifecycle = services.GetRequiredService<IModLifecycle>();
        foreach (var mod in Mods)
        {
            await lifecycle.RecordAsync(new InflationRequested(GameId.Ksp, mod, TestStages.Inflated.AddMinutes(-1), "scheduler"), default);
        }
        await services.GetRequiredService<ContractSender>()
            .SendManyAsync(Mods.Select(x => new InflateMod(GameId.Ksp, TestStages.Netkan(x))), default);
    }

    private static async Task<string?> ReadAsync(AwsTestBed bed, string key)
    {
        try
        {
            using var response = await bed.S3.GetObjectAsync(new GetObjectRequest { BucketName = bed.Bucket, Key = key });
            using var reader = new StreamReader(response.ResponseStream);
            return await reader.ReadToEndAsync();
        }
        catch (Amazon.S3.AmazonS3Exception e) when (e.StatusCode == System.Net.HttpStatusCode.NotFound)
        {
            return null;
        }
    }
}
