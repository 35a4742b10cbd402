using System.Collections.Concurrent;
using MassTransit;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using NetKAN.Bus.Contracts.Games;
using NetKAN.Bus.Contracts.Lifecycle;
using NetKAN.Bus.Contracts.Queues;
using NetKAN.Bus.Contracts.Wire;
using NetKAN.Bus.Sagas.Recording;
using NetKAN.Bus.Services.Hosting;
using NetKAN.Bus.Services.Roles;
using NetKAN.Bus.Services.Transport;

namespace NetKAN.Bus.Integration.Tests.Aws;

/// <summary>
/// Small stand-in stages bound to real queues through <see cref="QueueBinding"/>, to prove the SQS edge until the
/// real inflator and indexer consumers are available: they record lifecycle events and send follow-ups like a stage.
/// Their times are fixed, so a run over SQS and one in memory produce the same status.
/// </summary>
public static class TestStages
{
    public static readonly DateTimeOffset Inflated = new(2026, 8, 1, 12, 0, 0, TimeSpan.Zero);
    public static readonly DateTimeOffset Indexed = Inflated.AddSeconds(5);

    public static IModEvent? BadInflation(WireFormatException e, GameId game, DateTimeOffset time) =>
        new InflationFailed(game, e.Identifier!, time, e.Message);

    public static IModEvent? BadIndexing(WireFormatException e, GameId game, DateTimeOffset time) =>
        new IndexingFailed(game, e.Identifier!, time, e.Message);

    public static string Netkan(string identifier) => $$"""
        {
            "spec_version": 1,
            "identifier": "{{identifier}}",
            "$kref": "#/ckan/github/example/{{identifier}}"
        }
        """;

    /// <summary>A role consuming the ksp inflation queue with <see cref="TestInflator"/>.</summary>
    public static INetkanRole Inflator(StageProbe probe) =>
        new TestStageRole<InflateMod, TestInflator>("test-inflator", q => q.InflationFor(GameId.Ksp), probe, BadInflation);

    /// <summary>A role consuming the outbound queue with <see cref="TestIndexer"/>.</summary>
    public static INetkanRole Indexer(StageProbe probe) =>
        new TestStageRole<ModInflated, TestIndexer>("test-indexer", q => q.Outbound, probe, BadIndexing);
}

/// <summary>What a test stage saw, and a hook that runs before it works (to hang, fail or count).</summary>
public sealed class StageProbe
{
    public ConcurrentQueue<(object Message, string? ReceiveCount)> Received { get; } = new();

    public ConcurrentQueue<object> Completed { get; } = new();

    public Func<object, int, CancellationToken, Task> Before { get; set; } = (_, _, _) => Task.CompletedTask;

    public async Task EnterAsync<T>(ConsumeContext<T> context)
        where T : class
    {
        var count = context.Headers.Get<string>("ApproximateReceiveCount");
        Received.Enqueue((context.Message, count));
        await Before(context.Message, int.TryParse(count, out var n) ? n : 1, context.CancellationToken);
    }
}

/// <summary>Inflates by pretending: records a successful inflation and sends the result to the indexer.</summary>
public sealed class TestInflator(IModLifecycle lifecycle, ContractSender sender, StageProbe probe) : IConsumer<InflateMod>
{
    public async Task Consume(ConsumeContext<InflateMod> context)
    {
        await probe.EnterAsync(context);
        var message = context.Message;
        var id = message.Identifier!;
        var file = $"{id}-1.0.ckan";
        await lifecycle.RecordAsync(new InflationSucceeded(message.Game, id, TestStages.Inflated, "1.0", file,
            Resources: new Dictionary<string, string> { ["repository"] = $"https://github.com/example/{id}" }), context.CancellationToken);
        await sender.SendAsync(new ModInflated(id, message.Game, true, TestStages.Inflated,
            $$"""{"identifier": "{{id}}", "version": "1.0"}""", file), context.CancellationToken);
        probe.Completed.Enqueue(message);
    }
}

/// <summary>Indexes by pretending: records the .ckan as added.</summary>
public sealed class TestIndexer(IModLifecycle lifecycle, StageProbe probe) : IConsumer<ModInflated>
{
    public async Task Consume(ConsumeContext<ModInflated> context)
    {
        await probe.EnterAsync(context);
        var message = context.Message;
        await lifecycle.RecordAsync(new ModIndexed(message.Game, message.Identifier, TestStages.Indexed, IndexOutcome.Added,
            message.FileName, "c0ffee"), context.CancellationToken);
        probe.Completed.Enqueue(message);
    }
}


/// <summary>A role (passed to NetkanHost.Build as an extra role) that binds one test consumer to one queue.</summary>
public sealed class TestStageRole<TContract, TConsumer>(string name, Func<QueueNames, string> queue, StageProbe probe,
    Func<WireFormatException, GameId, DateTimeOffset, IModEvent?> badMessage) : INetkanRole
    where TContract : class, IWireContract<TContract>
    where TConsumer : class, IConsumer<TContract>
{
    public string Name => name;

    public string Description => $"test stage {typeof(TConsumer).Name}";

    public void AddServices(IServiceCollection services, IConfiguration configuration, HostSettings settings) =>
        services.AddSingleton(probe);

    public void AddConsumers(IBusRegistrationConfigurator bus) => bus.AddConsumer<TConsumer>();

    public IEnumerable<QueueBinding> Bindings(QueueNames queues) =>
        [QueueBinding.For<TContract, TConsumer>(queue(queues), GameId.Ksp, badMessage)];
}
