using MassTransit;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Time.Testing;
using NetKAN.Bus.Contracts.Lifecycle;
using NetKAN.Bus.Contracts.Games;
using NetKAN.Bus.Sagas.Lifecycle;
using NetKAN.Bus.Sagas.Persistence;
using NetKAN.Bus.Sagas.Recording;
using NetKAN.Bus.Sagas.StateMachine;
using NetKAN.Bus.Sagas.Status;

namespace NetKAN.Bus.Sagas.Tests;

/// <summary>
/// The one fixture of the saga tests: the ModLifecycle saga registered as hosts register it (MassTransit's mediator,
/// <see cref="ModLifecycleRegistration.AddModLifecycleSaga"/>) on a status store (in memory unless a test brings its
/// own, e.g. SQLite), driven the way hosts drive it (<see cref="DispatchingModLifecycle"/>), with a fake clock and the
/// stage requests recorded.
/// </summary>
public sealed class LifecycleScenario : IAsyncDisposable
{
    public static readonly DateTimeOffset T0 = new(2026, 8, 1, 12, 0, 0, TimeSpan.Zero);

    private readonly ServiceProvider _provider;

    private LifecycleScenario(ServiceProvider provider, FakeTimeProvider clock)
    {
        _provider = provider;
        Clock = clock;
    }

    public FakeTimeProvider Clock { get; }

    public RecordingCommands Commands => (RecordingCommands)_provider.GetRequiredService<ILifecycleCommands>();

    public IModStateStore Store => _provider.GetRequiredService<IModStateStore>();

    /// <summary>The entrance the stages use; events go straight to the saga and return once the row is saved.</summary>
    public IModLifecycle Lifecycle => _provider.GetRequiredService<IModLifecycle>();

    public static Task<LifecycleScenario> StartAsync(Action<LifecycleOptions>? options = null, IModStateStore? store = null)
    {
        var clock = new FakeTimeProvider(T0);
        var services = new ServiceCollection();
        services.AddSingleton<TimeProvider>(clock);
        services.AddSingleton(store ?? new InMemoryModStateStore());
        services.AddSingleton<ILifecycleCommands, RecordingCommands>();
        services.AddSingleton<IModLifecycle, DispatchingModLifecycle>();
        services.Configure<LifecycleOptions>(o => options?.Invoke(o));
        services.AddModLifecycleSaga();
        var provider = services.BuildServiceProvider(validateScopes: true);
        return Task.FromResult(new LifecycleScenario(provider, clock));
    }

    /// <summary>Records an event for mod <c>ksp/Mod</c> at <paramref name="at"/> after <see cref="T0"/> (the clock moves there).</summary>
    public async Task RecordAsync(Func<DateTimeOffset, IModEvent> create, TimeSpan at)
    {
        Clock.SetUtcNow(T0 + at);
        await Lifecycle.RecordAsync(create(T0 + at), default);
    }

    public async Task<ModState> RowAsync(string identifier = "Mod") =>
        await Store.LoadAsync(ModSagaId.For(GameId.Ksp, identifier), default)
        ?? throw new InvalidOperationException($"No row for {identifier}");

    public async ValueTask DisposeAsync()
    {
        await _provider.DisposeAsync();
    }
}
