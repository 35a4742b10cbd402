using System.Collections.Concurrent;
using MassTransit;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using NetKAN.Bus.Contracts.Games;
using NetKAN.Bus.Contracts.Lifecycle;
using NetKAN.Bus.Contracts.Queues;
using NetKAN.Bus.Services.Hosting;
using NetKAN.Bus.Services.Roles;
using NetKAN.Bus.Services.Transport.InMemory;
using NetKAN.Bus.Services.Transport;
using NetKAN.Bus.TestSupport;

namespace NetKAN.Bus.Services.Tests.Transport;

/// <summary>The in-memory queues behave like SQS FIFO: one mod's messages in order, different mods in parallel.</summary>
public sealed class InMemoryQueueWorkerTests
{
    private static readonly DateTimeOffset T = new(2026, 8, 1, 0, 0, 0, TimeSpan.Zero);

    [Fact]
    public async Task Different_mods_run_in_parallel_and_one_mods_messages_stay_in_order()
    {
        await using var host = await StartHostAsync();
        var sender = host.Services.GetRequiredService<ContractSender>();
        var probe = host.Services.GetRequiredService<Probe>();

        // Slow's first message blocks until Fast's message was handled: only possible when groups run in parallel.
        await sender.SendManyAsync(
        [
            Result("Slow", 1), Result("Slow", 2), Result("Fast", 1), Result("Slow", 3),
        ], default);
        await host.Services.GetRequiredService<InMemoryQueues>().WaitForIdleAsync(new CancellationTokenSource(TimeSpan.FromSeconds(30)).Token);

        Assert.Equal(["Slow-1", "Slow-2", "Slow-3"], probe.Handled.Where(x => x.StartsWith("Slow", StringComparison.Ordinal)));
        Assert.True(probe.Handled.ToList().IndexOf("Fast-1") < probe.Handled.ToList().IndexOf("Slow-1"));
    }

    [Fact]
    public async Task Different_mods_run_in_parallel_even_when_their_handlers_never_yield()
    {
        await using var host = await StartHostAsync();
        var probe = host.Services.GetRequiredService<Probe>();

        // Each of the two blocks its thread (no await) until the other has started: run one after another on the
        // worker's own thread, the first would wait out its 20 s.
        await host.Services.GetRequiredService<ContractSender>().SendManyAsync([Result("BlockingA", 1), Result("BlockingB", 1)], default);
        await host.Services.GetRequiredService<InMemoryQueues>().WaitForIdleAsync(new CancellationTokenSource(TimeSpan.FromSeconds(60)).Token);

        Assert.Equal(["BlockingA-1", "BlockingB-1"], probe.Handled.Order());
        Assert.Empty(probe.WaitedOut);
    }

    /// <summary>An in-memory host (4 messages in flight) with the probe role on the outbound queue.</summary>
    private static Task<TestHost> StartHostAsync()
    {
        var settings = new HostSettings { Transport = "inmemory", Store = "memory" };
        return new TestHostBuilder()
            .With(new Dictionary<string, string?> { ["Transport:InMemory:MaxInFlight"] = "4" })
            .StartAsync((c, s) => NetkanHost.Build(settings, configureConfiguration: c, configureServices: s, extraRoles: [new OrderRole()]));
    }

    private static ModInflated Result(string identifier, int n) =>
        new(identifier, GameId.Ksp, false, T.AddSeconds(n), ErrorMessage: n.ToString());

    private sealed class Probe
    {
        public ConcurrentQueue<string> Handled { get; } = new();
        public TaskCompletionSource FastDone { get; } = new(TaskCreationOptions.RunContinuationsAsynchronously);
        public ConcurrentDictionary<string, ManualResetEventSlim> Started { get; } = new(StringComparer.Ordinal);
        public ConcurrentQueue<string> WaitedOut { get; } = new();
    }

    private sealed class OrderRole : INetkanRole
    {
        public string Name => "test-order";
        public string Description => "test";

        public void AddServices(IServiceCollection services, IConfiguration configuration, HostSettings settings) =>
            services.AddSingleton<Probe>();

        public void AddConsumers(IBusRegistrationConfigurator bus) => bus.AddConsumer<OrderConsumer>();

        public IEnumerable<QueueBinding> Bindings(QueueNames queues) =>
        [
            QueueBinding.For<ModInflated, OrderConsumer>(queues.Outbound, GameId.Ksp,
                (e, game, time) => new IndexingFailed(game, e.Identifier!, time, e.Message)),
        ];
    }

    private sealed class OrderConsumer(Probe probe) : IConsumer<ModInflated>
    {
        public async Task Consume(ConsumeContext<ModInflated> context)
        {
            var m = context.Message;
            if (m.Identifier.StartsWith("Blocking", StringComparison.Ordinal))
            {
                probe.Started.GetOrAdd(m.Identifier, _ => new()).Set();
                var other = m.Identifier == "BlockingA" ? "BlockingB" : "BlockingA";
                if (!probe.Started.GetOrAdd(other, _ => new()).Wait(TimeSpan.FromSeconds(20)))
                {
                    probe.WaitedOut.Enqueue(m.Identifier);
                }
            }
            if (m is { Identifier: "Slow", ErrorMessage: "1" })
            {
                await probe.FastDone.Task.WaitAsync(TimeSpan.FromSeconds(20));
            }
            probe.Handled.Enqueue($"{m.Identifier}-{m.ErrorMessage}");
            if (m.Identifier == "Fast")
            {
                probe.FastDone.TrySetResult();
            }
        }
    }
}
