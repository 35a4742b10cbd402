using MassTransit;
using Microsoft.Extensions.DependencyInjection;
using NetKAN.Bus.Contracts.Games;
using NetKAN.Bus.Contracts.Lifecycle;
using NetKAN.Bus.Contracts.Queues;
using NetKAN.Bus.Sagas.Persistence;
using NetKAN.Bus.Sagas.Recording;
using NetKAN.Bus.Services.Demo;
using NetKAN.Bus.Services.Hosting;
using NetKAN.Bus.Services.Roles;
using NetKAN.Bus.Services.Transport.InMemory;

namespace NetKAN.Bus.Integration.Tests.Aws;

/// <summary>The real <c>inflator</c> role in its own host, fed over SQS, against the demo's fake upstream.</summary>
public sealed class RealInflatorOverSqsTests
{
    [AwsFact]
    public async Task The_inflator_role_over_sqs_produces_what_it_produces_in_memory()
    {
        await using var upstream = await FakeUpstream.StartAsync(SampleMods.All, AwsTestBed.Timeout(30));
        var inMemory = await InflateInMemoryAsync(upstream);
        Assert.Equal(SampleMods.All.Count, inMemory.Count);

        await using var bed = new AwsTestBed(visibilitySeconds: 30);
        await bed.CreateAllAsync();
        var results = new StageProbe();
        var scheduler = await bed.StartHostAsync([]);
        await bed.StartHostAsync(["inflator"], overrides: Upstream(bed, upstream, "sqs"));
        await bed.StartHostAsync([], [ResultRecorder.Role(results)]);
        var received = results.Completed;

        await scheduler.Services.GetRequiredService<ContractSender>()
            .SendManyAsync(SampleMods.All.Select(m => new InflateMod(GameId.Ksp, m.NetkanFileText)), default);
        await AwsTestBed.EventuallyAsync(() => Task.FromResult(received.Count >= inMemory.Count), $"{inMemory.Count} inflation results", 90);

        Assert.Equal(inMemory, Summaries(received));
        Assert.All(received.Cast<ModInflated>(), x => Assert.True(x.Success, $"{x.Identifier}: {x.ErrorMessage}"));
        var store = scheduler.Services.GetRequiredService<IModStateStore>();
        foreach (var mod in SampleMods.All)
        {
            var row = await store.LoadAsync(ModSagaId.For(GameId.Ksp, mod.Identifier), default);
            Assert.True(row!.Success);
            Assert.Equal(mod.Version, row.ModVersion);
        }
    }

    private static async Task<List<string>> InflateInMemoryAsync(FakeUpstream upstream)
    {
        await using var bed = new AwsTestBed();
        var results = new StageProbe();
        using var host = bed.BuildHost(["inflator"], [ResultRecorder.Role(results)],
            Upstream(bed, upstream, "memory"), transport: "inmemory", store: "memory");
        await host.StartAsync(AwsTestBed.Timeout(30));
        try
        {
            await host.Services.GetRequiredService<ContractSender>()
                .SendManyAsync(SampleMods.All.Select(m => new InflateMod(GameId.Ksp, m.NetkanFileText)), default);
            await host.Services.GetRequiredService<InMemoryQueues>().WaitForIdleAsync(AwsTestBed.Timeout(90));
            return Summaries(results.Completed);
        }
        finally
        {
            await host.StopAsync(AwsTestBed.Timeout(15));
        }
    }

    private static Dictionary<string, string?> Upstream(AwsTestBed bed, FakeUpstream upstream, string run)
    {
        var workspace = DemoWorkspace.Create(Path.Combine(bed.DataDir, run), SampleMods.All);
        return DemoConfiguration.For(workspace, upstream.BaseUrl);
    }

    /// <summary>What the indexer would get: identifier, file, success and the exact .ckan text.</summary>
    private static List<string> Summaries(IEnumerable<object> results) =>
        results.Cast<ModInflated>().Select(x => $"{x.Identifier} {x.FileName} {x.Success} {x.Ckan}").Order(StringComparer.Ordinal).ToList();
}

/// <summary>Plays the indexer's part for the status: records the inflation result, and keeps it for the test.</summary>
public sealed class ResultRecorder(IModLifecycle lifecycle, StageProbe probe) : IConsumer<ModInflated>
{
    public static INetkanRole Role(StageProbe probe) =>
        new TestStageRole<ModInflated, ResultRecorder>("results", q => q.Outbound, probe, TestStages.BadIndexing);

    public async Task Consume(ConsumeContext<ModInflated> context)
    {
        var m = context.Message;
        IModEvent outcome = m.Success
            ? new InflationSucceeded(m.Game, m.Identifier, m.CheckTime, ModVersion(m.Ckan), m.FileName, m.Warnings)
            : new InflationFailed(m.Game, m.Identifier, m.CheckTime, m.ErrorMessage ?? "failed", m.Warnings);
        await lifecycle.RecordAsync(outcome, context.CancellationToken);
        probe.Completed.Enqueue(m);
    }

    private static string? ModVersion(string ckan) =>
        System.Text.Json.Nodes.JsonNode.Parse(ckan)?["version"]?.GetValue<string>();
}
