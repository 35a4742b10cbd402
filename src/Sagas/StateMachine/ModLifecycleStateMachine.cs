using MassTransit;
using NetKAN.Bus.Contracts.Lifecycle;
using NetKAN.Bus.Sagas.Status;

namespace NetKAN.Bus.Sagas.StateMachine;

/// <summary>
/// The lifecycle of one mod of one game:
/// requested → inflated | inflation failed → indexed (added/updated | unchanged | staged with a pull request)
/// → mirrored | mirror skipped | mirror failed; frozen / unfrozen at any point.
/// Stages run in separate processes and may report out of order, so every event is accepted in every state;
/// the state names the latest stage reached, and <see cref="ModStateUpdates"/> folds the details into the row.
/// </summary>
public sealed class ModLifecycleStateMachine : MassTransitStateMachine<ModState>
{
    public ModLifecycleStateMachine(TimeProvider time)
    {
        Event(() => InflationRequested, e => e.CorrelateById(c => ModSagaId.For(c.Message)));
        Event(() => InflationSucceeded, e => e.CorrelateById(c => ModSagaId.For(c.Message)));
        Event(() => InflationFailed, e => e.CorrelateById(c => ModSagaId.For(c.Message)));
        Event(() => ModIndexed, e => e.CorrelateById(c => ModSagaId.For(c.Message)));
        Event(() => IndexingFailed, e => e.CorrelateById(c => ModSagaId.For(c.Message)));
        Event(() => ModMirrored, e => e.CorrelateById(c => ModSagaId.For(c.Message)));
        Event(() => MirrorSkipped, e => e.CorrelateById(c => ModSagaId.For(c.Message)));
        Event(() => MirrorFailed, e => e.CorrelateById(c => ModSagaId.For(c.Message)));
        Event(() => ModFrozen, e => e.CorrelateById(c => ModSagaId.For(c.Message)));
        Event(() => ModUnfrozen, e => e.CorrelateById(c => ModSagaId.For(c.Message)));
        Event(() => DownloadsCounted, e => e.CorrelateById(c => ModSagaId.For(c.Message)));
        Event(() => UnfreezeSuggested, e => e.CorrelateById(c => ModSagaId.For(c.Message)));

        InstanceState(x => x.CurrentState);

        // The same rules apply whether the mod is new (Initial) or known (any other state).
        foreach (var state in new[] { Initial }.Concat(KnownStates()))
        {
            During(state,
                // A request recorded after its own result arrived (stages race) must not move the mod back. The
                // result's time is the wire's CheckTime, cut to whole seconds, so a request within the same second
                // as the result cannot be told to be newer: it counts as late.
                When(InflationRequested).Then(c => Fold(c, time))
                    .If(c => c.Saga.LastInflated is null || c.Message.Time >= c.Saga.LastInflated.Value + CheckTimeResolution,
                        x => x.TransitionTo(Requested)),
                When(InflationSucceeded).Then(c => Fold(c, time)).TransitionTo(Inflated),
                When(InflationFailed).Then(c => Fold(c, time)).TransitionTo(InflationFailedState),
                When(ModIndexed, c => c.Message.Outcome == IndexOutcome.Unchanged).Then(c => Fold(c, time)).TransitionTo(Unchanged),
                When(ModIndexed, c => c.Message.Outcome == IndexOutcome.Staged).Then(c => Fold(c, time)).TransitionTo(Staged),
                When(ModIndexed, c => c.Message.Outcome is IndexOutcome.Added or IndexOutcome.Updated).Then(c => Fold(c, time)).TransitionTo(Indexed),
                When(IndexingFailed).Then(c => Fold(c, time)).TransitionTo(IndexingFailedState),
                When(ModMirrored).Then(c => Fold(c, time)).TransitionTo(Mirrored),
                When(MirrorSkipped).Then(c => Fold(c, time)).TransitionTo(MirrorSkippedState),
                When(MirrorFailed).Then(c => Fold(c, time)).TransitionTo(MirrorFailedState),
                When(ModFrozen).Then(c => Fold(c, time)).TransitionTo(Frozen),
                When(ModUnfrozen).Then(c => Fold(c, time)).TransitionTo(Active),
                When(DownloadsCounted).Then(c => Fold(c, time)),
                When(UnfreezeSuggested).Then(c => Fold(c, time)));
        }
    }

    /// <summary>CheckTime travels as <c>yyyy-MM-ddTHH:mm:ss</c>: whole seconds.</summary>
    private static readonly TimeSpan CheckTimeResolution = TimeSpan.FromSeconds(1);

    public State Requested { get; private set; } = null!;
    public State Inflated { get; private set; } = null!;
    public State InflationFailedState { get; private set; } = null!;
    public State Indexed { get; private set; } = null!;
    public State Unchanged { get; private set; } = null!;
    public State Staged { get; private set; } = null!;
    public State IndexingFailedState { get; private set; } = null!;
    public State Mirrored { get; private set; } = null!;
    public State MirrorSkippedState { get; private set; } = null!;
    public State MirrorFailedState { get; private set; } = null!;
    public State Frozen { get; private set; } = null!;
    public State Active { get; private set; } = null!;

    public Event<InflationRequested> InflationRequested { get; private set; } = null!;
    public Event<InflationSucceeded> InflationSucceeded { get; private set; } = null!;
    public Event<InflationFailed> InflationFailed { get; private set; } = null!;
    public Event<ModIndexed> ModIndexed { get; private set; } = null!;
    public Event<IndexingFailed> IndexingFailed { get; private set; } = null!;
    public Event<ModMirrored> ModMirrored { get; private set; } = null!;
    public Event<MirrorSkipped> MirrorSkipped { get; private set; } = null!;
    public Event<MirrorFailed> MirrorFailed { get; private set; } = null!;
    public Event<ModFrozen> ModFrozen { get; private set; } = null!;
    public Event<ModUnfrozen> ModUnfrozen { get; private set; } = null!;
    public Event<DownloadsCounted> DownloadsCounted { get; private set; } = null!;
    public Event<UnfreezeSuggested> UnfreezeSuggested { get; private set; } = null!;

    private IEnumerable<State> KnownStates() =>
    [
        Requested, Inflated, InflationFailedState, Indexed, Unchanged, Staged, IndexingFailedState,
        Mirrored, MirrorSkippedState, MirrorFailedState, Frozen, Active,
    ];

    private static void Fold<T>(BehaviorContext<ModState, T> context, TimeProvider time)
        where T : class, IModEvent =>
        ModStateUpdates.Apply(context.Saga, context.Message, time.GetUtcNow());
}
