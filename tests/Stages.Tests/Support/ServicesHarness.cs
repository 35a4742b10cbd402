using Microsoft.Extensions.DependencyInjection;
using NetKAN.Bus.Contracts.Games;
using NetKAN.Bus.Contracts.Lifecycle;
using NetKAN.Bus.Contracts.Queues;
using NetKAN.Bus.Sagas.Persistence;
using NetKAN.Bus.Sagas.Status;
using NetKAN.Bus.Services.Hosting;
using NetKAN.Bus.Services.Roles;
using NetKAN.Bus.Services.Transport.InMemory;
using NetKAN.Bus.Services.Transport;
using NetKAN.Bus.TestSupport;

namespace NetKAN.Bus.Services.Tests.Support;

/// <summary>
/// A started <c>netkan</c> host with the given roles, the in-memory transport and status store, and configuration
/// pointing at test repositories and the fake GitHub: the real wiring, driven through <see cref="QueueDispatcher"/>.
/// </summary>
public sealed class ServicesHarness : IAsyncDisposable
{
    private readonly TestHost _host;

    private ServicesHarness(TestHost host) => _host = host;

    public IServiceProvider Services => _host.Services;

    public QueueDispatcher Dispatcher => Services.GetRequiredService<QueueDispatcher>();

    public IModStateStore Store => Services.GetRequiredService<IModStateStore>();

    public QueueNames Queues => Services.GetRequiredService<QueueNames>();

    public InMemoryQueues InMemoryQueues => Services.GetRequiredService<InMemoryQueues>();

    public static Task<ServicesHarness> StartAsync(string dataDir, IReadOnlyDictionary<string, string?> configuration,
        params string[] roles) => StartAsync(dataDir, configuration, null, roles);

    public static async Task<ServicesHarness> StartAsync(string dataDir, IReadOnlyDictionary<string, string?> configuration,
        Action<IServiceCollection>? configureServices, params string[] roles)
    {
        var settings = new HostSettings { Roles = roles, Store = "memory", Transport = "inmemory", DataDir = dataDir };
        return await StartAsync(settings, configuration, configureServices);
    }

    /// <summary>A host with settings of the test's own (e.g. the webhooks role listening on a free port).</summary>
    public static async Task<ServicesHarness> StartAsync(HostSettings settings, IReadOnlyDictionary<string, string?> configuration,
        Action<IServiceCollection>? configureServices = null)
    {
        var host = await new TestHostBuilder().With(configuration).Services(configureServices)
            .StartAsync((c, s) => NetkanHost.Build(settings, configureConfiguration: c, configureServices: s));
        return new ServicesHarness(host);
    }

    /// <summary>Where the host listens, when it serves HTTP.</summary>
    public Uri? Address => _host.Address;

    public static CancellationToken Timeout => TestHost.Timeout;

    /// <summary>Hands an inflation result to the indexer exactly as a queue would: its wire form.</summary>
    public Task IndexAsync(ModInflated message) =>
        Dispatcher.HandleAsync(Queues.Outbound, message.ToWire(), null, Timeout);

    public async Task<ModState> StateAsync(string identifier, GameId? game = null) =>
        await Store.LoadAsync(ModSagaId.For(game ?? GameId.Ksp, identifier), Timeout)
        ?? throw new InvalidOperationException($"No status row for {identifier}");

    public ValueTask DisposeAsync() => _host.DisposeAsync();
}
