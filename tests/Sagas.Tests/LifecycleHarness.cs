using MassTransit;
using Microsoft.Extensions.DependencyInjection;
using NetKAN.Bus.Sagas.Lifecycle;
using NetKAN.Bus.Sagas.Persistence;
using NetKAN.Bus.Sagas.Recording;
using NetKAN.Bus.Sagas.StateMachine;
using NetKAN.Bus.Sagas.Status;

namespace NetKAN.Bus.Sagas.Tests;

/// <summary>A started in-memory bus with the ModLifecycle saga on a given store, as the hosts wire it.</summary>
public sealed class LifecycleHarness : IAsyncDisposable
{
    private readonly ServiceProvider _provider;
    private readonly IBusControl _bus;

    private LifecycleHarness(ServiceProvider provider, IBusControl bus)
    {
        _provider = provider;
        _bus = bus;
    }

    public IModLifecycle Lifecycle => _provider.GetRequiredService<IModLifecycle>();

    public IModStateStore Store => _provider.GetRequiredService<IModStateStore>();

    /// <summary>What the saga asked the stages to do.</summary>
    public RecordingCommands Commands => (RecordingCommands)_provider.GetRequiredService<ILifecycleCommands>();

    public static async Task<LifecycleHarness> StartAsync(IModStateStore store, TimeProvider? time = null,
        Action<LifecycleOptions>? options = null)
    {
        var services = new ServiceCollection();
        services.AddSingleton(time ?? TimeProvider.System);
        services.AddSingleton(store);
        services.AddSingleton<ILifecycleCommands, RecordingCommands>();
        services.Configure<LifecycleOptions>(o => options?.Invoke(o));
        services.AddSingleton<IModLifecycle, DispatchingModLifecycle>();
        services.AddMassTransit(x =>
        {
            x.AddSagaStateMachine<ModLifecycleStateMachine, ModState>(typeof(ModStateDefinition)).UseModStateStore();
            x.UsingInMemory((_, cfg) => cfg.UseRawJsonDeserializer(isDefault: false));
        });
        var provider = services.BuildServiceProvider(validateScopes: true);
        var bus = provider.GetRequiredService<IBusControl>();
        await bus.StartAsync(TestContext.Timeout);
        return new LifecycleHarness(provider, bus);
    }

    public async ValueTask DisposeAsync()
    {
        await _bus.StopAsync(TestContext.Timeout);
        await _provider.DisposeAsync();
    }
}

internal static class TestContext
{
    public static CancellationToken Timeout => new CancellationTokenSource(TimeSpan.FromSeconds(30)).Token;
}
