using MassTransit;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using NetKAN.Bus.Contracts.Games;
using NetKAN.Bus.Contracts.Lifecycle;
using NetKAN.Bus.Contracts.Queues;
using NetKAN.Bus.Contracts.Wire;
using NetKAN.Bus.Sagas.Persistence;
using NetKAN.Bus.Sagas.Recording;
using NetKAN.Bus.Services.Hosting;
using NetKAN.Bus.Services.Roles;
using NetKAN.Bus.Services.Transport.InMemory;
using NetKAN.Bus.Services.Transport;
using NetKAN.Bus.TestSupport;

namespace NetKAN.Bus.Services.Tests.Transport;

public sealed class QueueDispatcherTests
{
    private static readonly DateTimeOffset CheckTime = new(2026, 8, 22, 10, 0, 0, TimeSpan.Zero);

    [Fact]
    public async Task Messages_reach_their_consumer_bad_ones_are_recorded_and_nothing_is_lost()
    {
        using var temp = new TempDir();
        var journal = temp.Combine("journal.jsonl");
        await using var host = await StartHostAsync(journal);
        var queues = host.Services.GetRequiredService<InMemoryQueues>();
        var sender = host.Services.GetRequiredService<ContractSender>();

        await sender.SendAsync(new ModInflated("Good", GameId.Ksp, true, CheckTime, "{}", "Good-1.0.ckan"), default);
        await queues.SendAsync("Outbound.fifo", [Wire("{}", ("ModIdentifier", "BadOne"), ("GameId", "ksp"), ("Success", "maybe"))], default);
        await queues.SendAsync("Outbound.fifo", [Wire("{}", ("GameId", "ksp"), ("Success", "True"))], default);
        await sender.SendAsync(new ModInflated("Boom", GameId.Ksp2, false, CheckTime, ErrorMessage: "x"), default);
        await queues.WaitForIdleAsync(new CancellationTokenSource(TimeSpan.FromSeconds(30)).Token);

        var store = host.Services.GetRequiredService<IModStateStore>();
        var good = await store.LoadAsync(ModSagaId.For(GameId.Ksp, "Good"), default);
        Assert.True(good!.Success);
        Assert.Equal(CheckTime, good.LastInflated);

        var bad = await store.LoadAsync(ModSagaId.For(GameId.Ksp, "BadOne"), default);
        Assert.False(bad!.Success);
        Assert.Equal("BadOne: Success 'maybe' is not True or False", bad.LastError);

        // No identifier, and a consumer that always throws: both end in the dead letters, not lost.
        Assert.Equal(2, queues.DeadLetters.Count);
        Assert.Contains(queues.DeadLetters, x => x.Error.Contains("ModIdentifier attribute is missing"));
        Assert.Contains(queues.DeadLetters, x => x.Message.Attribute("ModIdentifier") == "Boom");

        // The journal holds the handled messages, exactly as they arrived, and the dead-lettered one's error as the
        // lifecycle event that put it on its row.
        var entries = (await File.ReadAllLinesAsync(journal)).Select(JournalEntry.Parse).ToList();
        var lines = entries.Where(x => x.Queue == "Outbound.fifo").ToList();
        // Different mods run in parallel, so their lines may come in either order.
        Assert.Equal(["BadOne", "Good"], lines.Select(x => x.Attributes["ModIdentifier"]).Order(StringComparer.Ordinal));
        Assert.Equal("maybe", lines.Single(x => x.Attributes["ModIdentifier"] == "BadOne").Attributes["Success"]);
        var deadLettered = Assert.Single(entries, x => x.Queue != "Outbound.fifo");
        Assert.Equal("Boom", deadLettered.Attributes["ModIdentifier"]);
        var boom = await store.LoadAsync(ModSagaId.For(GameId.Ksp2, "Boom"), default);
        Assert.Contains("failed 2 attempts and was dead-lettered", boom!.LastError);
    }

    [Fact]
    public async Task The_consumer_gets_the_decoded_contract_itself_not_a_json_copy_of_it()
    {
        using var temp = new TempDir();
        await using var host = await StartHostAsync(temp.Combine("journal.jsonl"));
        var ckan = "{\"name\": \"Ünïcode \\\"quoted\\\" \\u2603 ☃\", \"tab\": \"\\t\"}";
        var sent = new ModInflated("Exact", GameId.Ksp, true, CheckTime, ckan, "Exact-1.0.ckan", Staged: true, StagingReason: "line\nbreak");

        await host.Services.GetRequiredService<ContractSender>().SendAsync(sent, default);
        await host.Services.GetRequiredService<InMemoryQueues>().WaitForIdleAsync(new CancellationTokenSource(TimeSpan.FromSeconds(30)).Token);

        var seen = RecordingConsumer.Seen["Exact"];
        Assert.Empty(seen.Message.Warnings);
        Assert.Equal(sent with { Warnings = seen.Message.Warnings }, seen.Message); // every other field; the .ckan text exactly
        Assert.Equal(DecodedContractDeserializer.DecodedContentType.MediaType, seen.ContentType);
        Assert.Equal(0, seen.BodyLength); // nothing was serialised to be parsed back
    }

    private static WireMessage Wire(string body, params (string, string)[] attributes) =>
        new(body, attributes.ToDictionary(x => x.Item1, x => x.Item2), "1", Guid.NewGuid().ToString("N"));

    private static Task<TestHost> StartHostAsync(string journal)
    {
        var settings = new HostSettings { Transport = "inmemory", Store = "memory" };
        return new TestHostBuilder()
            .With(new Dictionary<string, string?>
            {
                ["Transport:InMemory:MaxAttempts"] = "2",
                ["Transport:InMemory:MaxInFlight"] = "1", // one at a time, so the journal's order is the send order
                ["Transport:InMemory:RetryDelay"] = "00:00:00.050",
                ["Journal:Path"] = journal,
            })
            .StartAsync((c, s) => NetkanHost.Build(settings, configureConfiguration: c, configureServices: s,
                extraRoles: [new RecordingOutboundRole()]));
    }

    /// <summary>A stand-in indexer: records the inflation outcome, and fails for the mod named Boom.</summary>
    private sealed class RecordingOutboundRole : INetkanRole
    {
        public string Name => "test-outbound";
        public string Description => "test";

        public void AddServices(IServiceCollection services, IConfiguration configuration, HostSettings settings)
        {
        }

        public void AddConsumers(IBusRegistrationConfigurator bus) => bus.AddConsumer<RecordingConsumer>();

        public IEnumerable<QueueBinding> Bindings(QueueNames queues) =>
        [
            QueueBinding.For<ModInflated, RecordingConsumer>(queues.Outbound, GameId.Ksp,
                (e, game, time) => new IndexingFailed(game, e.Identifier!, time, e.Message)),
        ];
    }

    private sealed class RecordingConsumer(IModLifecycle lifecycle) : IConsumer<ModInflated>
    {
        public static readonly System.Collections.Concurrent.ConcurrentDictionary<string, (ModInflated Message, string? ContentType, int BodyLength)> Seen = new();

        public async Task Consume(ConsumeContext<ModInflated> context)
        {
            var m = context.Message;
            Seen[m.Identifier] = (m, context.ReceiveContext.ContentType?.MediaType, context.ReceiveContext.Body.GetBytes().Length);
            if (m.Identifier == "Boom")
            {
                throw new InvalidOperationException("the indexer is broken");
            }
            await lifecycle.RecordAsync(new InflationSucceeded(m.Game, m.Identifier, m.CheckTime, FileName: m.FileName), context.CancellationToken);
        }
    }
}
