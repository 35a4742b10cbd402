using MassTransit;
using Microsoft.Data.Sqlite;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Options;
using NetKAN.Bus.Contracts.Lifecycle;
using NetKAN.Bus.Contracts.Queues;
using NetKAN.Bus.Contracts.Wire;
using NetKAN.Bus.Contracts.Games;
using NetKAN.Bus.Services.Hosting;
using NetKAN.Bus.Services.Roles;
using NetKAN.Bus.Services.Transport;
using NetKAN.Bus.Services.Transport.InMemory;
using NetKAN.Bus.TestSupport;

namespace NetKAN.Bus.Services.Tests.Transport;

/// <summary>The embedded queues keep their messages on disk until handled, and refuse more than they may hold.</summary>
public sealed class DurableQueueTests
{
    private const string Queue = "Mirroring.fifo";

    [Fact]
    public async Task Messages_not_yet_handled_are_there_again_after_a_restart_in_order_and_unchanged()
    {
        using var dir = new TempDir("netkan-queues");
        var file = dir.Combine("queues.db");
        var sent = new[] { Mirror("A/A-1.ckan"), Mirror("B/B-1.ckan"), Mirror("A/A-2.ckan") };
        using (var store = new SqliteQueueStore(file))
        {
            await Queues(store).SendAsync(Queue, sent, default);
        }

        using (var store = new SqliteQueueStore(file))
        {
            var queues = Queues(store);
            Assert.Equal(3, queues.Recovered);
            Assert.Equal(3, await queues.GetDepthAsync(Queue, default));
            Assert.True(queues.TryTake(Queue, out var first));
            Assert.Equal(sent[0], first, WireComparer.Instance);
        }

        using (var store = new SqliteQueueStore(file))
        {
            var queues = Queues(store);
            Assert.Equal(2, queues.Recovered); // the taken one is gone for good
            var rest = new List<WireMessage>();
            while (queues.TryTake(Queue, out var message))
            {
                rest.Add(message);
            }
            Assert.Equal(sent.Skip(1), rest, WireComparer.Instance);
        }
        SqliteConnection.ClearAllPools();
    }

    [Fact]
    public async Task A_full_queue_refuses_a_whole_batch_and_takes_messages_again_once_there_is_room()
    {
        using var store = new SqliteQueueStore(null);
        var queues = Queues(store, maxQueued: 3);
        await queues.SendAsync(Queue, [Mirror("A/A-1.ckan"), Mirror("B/B-1.ckan")], default);

        var full = await Assert.ThrowsAsync<QueueFullException>(() => queues.SendAsync(Queue, [Mirror("C/C-1.ckan"), Mirror("D/D-1.ckan")], default));
        Assert.Equal(Queue, full.Queue);
        Assert.Equal(2, store.Count(Queue)); // nothing of the refused batch

        Assert.True(queues.TryTake(Queue, out _));
        await queues.SendAsync(Queue, [Mirror("C/C-1.ckan"), Mirror("D/D-1.ckan")], default);
        Assert.Equal(3, store.Count(Queue));
    }

    [Fact]
    public async Task A_repeat_of_a_queued_message_is_dropped_as_sqs_fifo_drops_it()
    {
        using var store = new SqliteQueueStore(null);
        var queues = Queues(store);
        await queues.SendAsync(Queue, [Mirror("A/A-1.ckan")], default);
        await queues.SendAsync(Queue, [Mirror("A/A-1.ckan"), Mirror("A/A-2.ckan")], default);

        Assert.Equal(2, store.Count(Queue));
    }

    [Fact]
    public async Task A_message_a_stopped_host_was_handling_is_handled_by_the_next_host_on_the_same_file()
    {
        using var dir = new TempDir("netkan-queues");
        var configuration = new Dictionary<string, string?> { ["Transport:InMemory:Path"] = dir.Combine("queues.db") };

        var first = new Probe { Block = true };
        await using (var host = await StartHostAsync(configuration, first))
        {
            await host.Services.GetRequiredService<ContractSender>().SendAsync(new MirrorMod(GameId.Ksp, "Held/Held-1.ckan"), default);
            await first.Started.Task.WaitAsync(TimeSpan.FromSeconds(60));
            await host.DisposeAsync(); // stops the host: the consumer is cancelled mid-message, nothing completes it
        }

        var second = new Probe();
        await using (var host = await StartHostAsync(configuration, second))
        {
            await host.Services.GetRequiredService<InMemoryQueues>().WaitForIdleAsync(new CancellationTokenSource(TimeSpan.FromSeconds(60)).Token);
            Assert.Equal(["Held/Held-1.ckan"], second.Handled);
        }
        using (var store = new SqliteQueueStore(configuration["Transport:InMemory:Path"]))
        {
            Assert.Equal(0, store.Count(Queue));
        }
        SqliteConnection.ClearAllPools();
    }

    private static InMemoryQueues Queues(SqliteQueueStore store, int maxQueued = 100) =>
        new(store, Options.Create(new InMemoryTransportOptions { MaxQueued = maxQueued }), [], TimeProvider.System);

    private static WireMessage Mirror(string path) => new MirrorMod(GameId.Ksp, path).ToWire();

    private static Task<TestHost> StartHostAsync(Dictionary<string, string?> configuration, Probe probe) =>
        new TestHostBuilder().With(configuration).Services(s => s.AddSingleton(probe))
            .StartAsync((c, s) => NetkanHost.Build(new HostSettings { Transport = "inmemory", Store = "memory" },
                configureConfiguration: c, configureServices: s, extraRoles: [new MirrorProbeRole()]));

    private sealed class Probe
    {
        public bool Block { get; init; }
        public TaskCompletionSource Started { get; } = new(TaskCreationOptions.RunContinuationsAsynchronously);
        public List<string> Handled { get; } = [];
    }

    private sealed class MirrorProbeRole : INetkanRole
    {
        public string Name => "test-mirror-probe";
        public string Description => "test";

        public void AddServices(IServiceCollection services, IConfiguration configuration, HostSettings settings)
        {
        }

        public void AddConsumers(IBusRegistrationConfigurator bus) => bus.AddConsumer<ProbeConsumer>();

        public IEnumerable<QueueBinding> Bindings(QueueNames queues) =>
        [
            QueueBinding.For<MirrorMod, ProbeConsumer>(queues.Mirroring, GameId.Ksp,
                (e, game, time) => new MirrorFailed(game, e.Identifier!, time, e.Message)),
        ];
    }

    private sealed class ProbeConsumer(Probe probe) : IConsumer<MirrorMod>
    {
        public async Task Consume(ConsumeContext<MirrorMod> context)
        {
            probe.Started.TrySetResult();
            if (probe.Block)
            {
                await Task.Delay(Timeout.Infinite, context.CancellationToken);
            }
            lock (probe.Handled)
            {
                probe.Handled.Add(context.Message.CkanPath);
            }
        }
    }

    private sealed class WireComparer : IEqualityComparer<WireMessage>
    {
        public static readonly WireComparer Instance = new();

        public bool Equals(WireMessage? x, WireMessage? y) =>
            x is not null && y is not null && x.Body == y.Body && x.GroupId == y.GroupId && x.DeduplicationId == y.DeduplicationId
            && x.Attributes.OrderBy(a => a.Key).SequenceEqual(y.Attributes.OrderBy(a => a.Key));

        public int GetHashCode(WireMessage obj) => obj.Body.GetHashCode();
    }
}
