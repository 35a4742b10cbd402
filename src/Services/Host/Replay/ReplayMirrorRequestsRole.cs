using System.Collections.Concurrent;
using MassTransit;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using NetKAN.Bus.Contracts.Lifecycle;
using NetKAN.Bus.Contracts.Queues;
using NetKAN.Bus.Contracts.Games;
using NetKAN.Bus.Sagas.Recording;
using NetKAN.Bus.Services.Roles;
using NetKAN.Bus.Services.Transport;

namespace NetKAN.Bus.Services.Replay;

/// <summary>
/// The mirror outcomes a journal holds, per mod, in journal order. A replay does not upload to archive.org: a mirror
/// request applies the outcomes the run recorded for that mod (whether the request came from the journal or from the
/// replayed indexer), so they land after the mod was indexed, as in the run.
/// </summary>
public sealed class JournalledMirrorOutcomes
{
    private readonly ConcurrentDictionary<(GameId Game, string Identifier), ConcurrentQueue<IModEvent>> _pending = new();

    public void Add(IModEvent outcome) =>
        _pending.GetOrAdd((outcome.Game, outcome.Identifier), _ => new ConcurrentQueue<IModEvent>()).Enqueue(outcome);

    /// <summary>Takes every pending outcome of one mod.</summary>
    public IReadOnlyList<IModEvent> Take(GameId game, string identifier)
    {
        var taken = new List<IModEvent>();
        if (_pending.TryGetValue((game, identifier), out var queue))
        {
            while (queue.TryDequeue(out var outcome))
            {
                taken.Add(outcome);
            }
        }
        return taken;
    }

    /// <summary>Outcomes no mirror request claimed (applied at the end of a replay, so none is lost).</summary>
    public IReadOnlyList<IModEvent> TakeAll() =>
        _pending.Keys.SelectMany(key => Take(key.Game, key.Identifier)).OrderBy(x => x.Time).ToList();
}

/// <summary>In a replay, mirror requests apply the journalled mirror outcomes instead of mirroring.</summary>
public sealed class ReplayMirrorRequestsRole : INetkanRole
{
    public string Name => "replay-mirror-requests";

    public string Description => "Applies journalled mirror outcomes to mirror requests without uploading.";

    public void AddServices(IServiceCollection services, IConfiguration configuration, HostSettings settings) =>
        services.AddSingleton<JournalledMirrorOutcomes>();

    public void AddConsumers(IBusRegistrationConfigurator bus) => bus.AddConsumer<ApplyMirrorOutcomesConsumer>();

    public IEnumerable<QueueBinding> Bindings(QueueNames queues) =>
    [
        QueueBinding.For<MirrorMod, ApplyMirrorOutcomesConsumer>(queues.Mirroring, GameId.Ksp,
            (problem, game, time) => new MirrorFailed(game, problem.Identifier!, time, problem.Message)),
    ];
}

public sealed class ApplyMirrorOutcomesConsumer(JournalledMirrorOutcomes outcomes, IModLifecycle lifecycle) : IConsumer<MirrorMod>
{
    public async Task Consume(ConsumeContext<MirrorMod> context)
    {
        foreach (var outcome in outcomes.Take(context.Message.Game, context.Message.Identifier))
        {
            await lifecycle.RecordAsync(outcome, context.CancellationToken);
        }
    }
}

/// <summary>A replay's clock: the time of the journal line being replayed, so replayed stages stamp the run's times.</summary>
public sealed class JournalClock : TimeProvider
{
    private long _ticks = DateTimeOffset.UtcNow.UtcTicks;

    public void Set(DateTimeOffset time) => Interlocked.Exchange(ref _ticks, time.UtcTicks);

    public override DateTimeOffset GetUtcNow() => new(Interlocked.Read(ref _ticks), TimeSpan.Zero);
}
