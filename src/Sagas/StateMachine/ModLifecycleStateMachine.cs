using MassTransit;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Options;
using NetKAN.Bus.Contracts.Lifecycle;
using NetKAN.Bus.Sagas.Lifecycle;
using NetKAN.Bus.Sagas.Status;

namespace NetKAN.Bus.Sagas.StateMachine;

/// <summary>
/// The lifecycle of one mod of one game, and its orchestration: requested → inflated | inflation failed → indexed
/// (added/updated | unchanged | staged) → mirrored | mirror skipped | mirror failed; frozen / unfrozen at any point.
/// The saga records what stages report and acts: an inflation request arms a deadline, each result clears it and
/// arms the next stage's; an added/updated redistributable .ckan gets a <c>MirrorMod</c>; a passed deadline
/// (<see cref="DeadlinePassed"/>, from the lifecycle sweep) marks the stage stalled and re-requests it.
/// Stages run in separate processes and may report out of order, so results are accepted in every state; the
/// table of states × events is in docs/lifecycle.md.
/// </summary>
public sealed class ModLifecycleStateMachine : MassTransitStateMachine<ModState>
{
    private readonly TimeProvider _time;
    private readonly LifecycleRules _rules;
    private readonly InflationRequestRule _requests;

    public ModLifecycleStateMachine(TimeProvider time, IOptions<LifecycleOptions> options)
    {
        _time = time;
        _rules = new LifecycleRules(options.Value);
        _requests = new InflationRequestRule(_rules);

        Event(() => InflationRequested, e => e.CorrelateById(c => ModSagaId.For(c.Message)));
        Event(() => InflationSucceeded, e => e.CorrelateById(c => ModSagaId.For(c.Message)));
        Event(() => InflationFailure, e => e.CorrelateById(c => ModSagaId.For(c.Message)));
        Event(() => ModIndexed, e => e.CorrelateById(c => ModSagaId.For(c.Message)));
        Event(() => InflatedAndIndexed, e => e.CorrelateById(c => ModSagaId.For(c.Message)));
        Event(() => IndexingFailure, e => e.CorrelateById(c => ModSagaId.For(c.Message)));
        Event(() => ModMirrored, e => e.CorrelateById(c => ModSagaId.For(c.Message)));
        Event(() => MirrorSkip, e => e.CorrelateById(c => ModSagaId.For(c.Message)));
        Event(() => MirrorFailure, e => e.CorrelateById(c => ModSagaId.For(c.Message)));
        Event(() => ModFrozen, e => e.CorrelateById(c => ModSagaId.For(c.Message)));
        Event(() => ModUnfrozen, e => e.CorrelateById(c => ModSagaId.For(c.Message)));
        Event(() => DownloadsCounted, e => e.CorrelateById(c => ModSagaId.For(c.Message)));
        Event(() => UnfreezeSuggested, e => e.CorrelateById(c => ModSagaId.For(c.Message)));
        // A deadline belongs to a row; for a mod without one there is nothing to re-drive.
        Event(() => DeadlinePassed, e =>
        {
            e.CorrelateById(c => ModSagaId.For(c.Message));
            e.OnMissingInstance(m => m.Discard());
        });

        Event(() => CkanMetaChecked, e =>
        {
            e.CorrelateById(c => ModSagaId.For(c.Message));
            e.OnMissingInstance(m => m.Discard());
        });

        InstanceState(x => x.CurrentState);

        // A new mod: whatever is reported first starts its row (the request may have been recorded by a process that
        // died, or the mod may be seen first by the download counter or the freezer).
        Initially(Reports());

        // A known mod: the same reports move it on from any state (stages run in separate processes and report out
        // of order); the request timing rule is inside.
        DuringAny(Reports());
        // A passed deadline only acts on what the row still awaits (freezing a mod clears that), whatever the state.
        DuringAny(
            When(DeadlinePassed).ThenAsync(DeadlineAsync),
            When(CkanMetaChecked).ThenAsync(ReconcileAsync));
    }

    public State Requested { get; private set; } = null!;
    public State Inflated { get; private set; } = null!;
    public State InflationFailed { get; private set; } = null!;
    public State Indexed { get; private set; } = null!;
    public State Unchanged { get; private set; } = null!;
    public State Staged { get; private set; } = null!;
    public State IndexingFailed { get; private set; } = null!;
    public State Mirrored { get; private set; } = null!;
    public State MirrorSkipped { get; private set; } = null!;
    public State MirrorFailed { get; private set; } = null!;
    public State Frozen { get; private set; } = null!;
    public State Active { get; private set; } = null!;

    public Event<InflationRequested> InflationRequested { get; private set; } = null!;
    public Event<InflationSucceeded> InflationSucceeded { get; private set; } = null!;
    public Event<InflationFailed> InflationFailure { get; private set; } = null!;
    public Event<ModIndexed> ModIndexed { get; private set; } = null!;
    public Event<InflatedAndIndexed> InflatedAndIndexed { get; private set; } = null!;
    public Event<IndexingFailed> IndexingFailure { get; private set; } = null!;
    public Event<ModMirrored> ModMirrored { get; private set; } = null!;
    public Event<MirrorSkipped> MirrorSkip { get; private set; } = null!;
    public Event<MirrorFailed> MirrorFailure { get; private set; } = null!;
    public Event<ModFrozen> ModFrozen { get; private set; } = null!;
    public Event<ModUnfrozen> ModUnfrozen { get; private set; } = null!;
    public Event<DownloadsCounted> DownloadsCounted { get; private set; } = null!;
    public Event<UnfreezeSuggested> UnfreezeSuggested { get; private set; } = null!;
    public Event<DeadlinePassed> DeadlinePassed { get; private set; } = null!;
    public Event<CkanMetaChecked> CkanMetaChecked { get; private set; } = null!;

    /// <summary>The stage reports, with the state each one leads to.</summary>
    private EventActivities<ModState>[] Reports() =>
    [
        // The rule (shared with batch recording) folds the request in and says whether it moves the mod: a request
        // recorded after its own result (stages race) does not move it back.
        When(InflationRequested)
            .If(c => _requests.Apply(c.Saga, c.Message, Now), x => x.TransitionTo(Requested)),
        When(InflationSucceeded).Then(c => Inflate(c.Saga, c.Message)).TransitionTo(Inflated),
        When(InflationFailure).Then(Fold)
            .Then(c =>
            {
                LifecycleRules.Arrived(c.Saga, AwaitedStage.Inflation);
                _rules.AfterInflationFailure(c.Saga, c.Message.Time);
            })
            .TransitionTo(InflationFailed),
        ..IndexOutcomes(ModIndexed, m => m, _ => { }),
        // The Indexer's usual report: exactly InflationSucceeded then ModIndexed, in one row update.
        ..IndexOutcomes(InflatedAndIndexed, m => m.Indexing, c => Inflate(c.Saga, c.Message.Inflation)),
        When(IndexingFailure).Then(Fold).Then(c => LifecycleRules.Arrived(c.Saga, AwaitedStage.Indexing)).TransitionTo(IndexingFailed),
        When(ModMirrored).Then(Fold).Then(MirrorArrived).TransitionTo(Mirrored),
        When(MirrorSkip).Then(Fold).Then(MirrorArrived).TransitionTo(MirrorSkipped),
        // A failed mirror is retried by its queue; the file stays un-mirrored, so the next index outcome asks again.
        When(MirrorFailure).Then(Fold).Then(c => LifecycleRules.Arrived(c.Saga, AwaitedStage.Mirror)).TransitionTo(MirrorFailed),
        When(ModFrozen).Then(Fold).Then(c => c.Saga.Awaiting.Clear()).TransitionTo(Frozen),
        When(ModUnfrozen).Then(Fold).Then(c => LifecycleRules.EndBackoff(c.Saga)).TransitionTo(Active),
        When(DownloadsCounted).Then(Fold),
        When(UnfreezeSuggested).Then(Fold),
    ];

    /// <summary>
    /// What an index outcome does, by outcome, for any event that carries one (<paramref name="outcome"/>);
    /// <paramref name="before"/> applies what the event carries besides (an inflation result).
    /// </summary>
    private EventActivities<ModState>[] IndexOutcomes<T>(Event<T> indexed, Func<T, ModIndexed> outcome,
        Action<BehaviorContext<ModState, T>> before)
        where T : class =>
    [
        When(indexed, c => outcome(c.Message).Outcome == IndexOutcome.Unchanged).Then(before)
            .Then(c => Index(c.Saga, outcome(c.Message))).ThenAsync(c => MirrorIfNeededAsync(c, outcome(c.Message)))
            .TransitionTo(Unchanged),
        When(indexed, c => outcome(c.Message).Outcome == IndexOutcome.Staged).Then(before)
            .Then(c => Index(c.Saga, outcome(c.Message))).TransitionTo(Staged),
        When(indexed, c => outcome(c.Message).Outcome is IndexOutcome.Added or IndexOutcome.Updated && _rules.SkipsMirror(outcome(c.Message)))
            .Then(before).Then(c => Index(c.Saga, outcome(c.Message))).Then(c => SkipMirror(c.Saga, outcome(c.Message)))
            .TransitionTo(MirrorSkipped),
        When(indexed, c => outcome(c.Message).Outcome is IndexOutcome.Added or IndexOutcome.Updated && !_rules.SkipsMirror(outcome(c.Message)))
            .Then(before).Then(c => Index(c.Saga, outcome(c.Message))).ThenAsync(c => MirrorIfNeededAsync(c, outcome(c.Message)))
            .TransitionTo(Indexed),
    ];

    /// <summary>An inflation result: folded in, the inflation wait answered, the index deadline armed.</summary>
    private void Inflate(ModState saga, InflationSucceeded message)
    {
        ModStateUpdates.Apply(saga, message, Now);
        LifecycleRules.Arrived(saga, AwaitedStage.Inflation);
        LifecycleRules.EndBackoff(saga);
        _rules.Await(saga, AwaitedStage.Indexing, Now);
    }

    /// <summary>A file whose licence does not allow redistribution: recorded as skipped, never sent to the mirrorer.</summary>
    private void SkipMirror(ModState saga, ModIndexed message) =>
        ModStateUpdates.Apply(saga, new MirrorSkipped(message.Game, message.Identifier, message.Time,
            "Licence does not allow redistribution (not sent to the mirrorer)"), Now);

    /// <summary>An index outcome folded in; it answers the index wait and any inflation the mod still waited for
    /// (its request's result was indexed).</summary>
    private void Index(ModState saga, ModIndexed message)
    {
        ModStateUpdates.Apply(saga, message, Now);
        LifecycleRules.Arrived(saga, AwaitedStage.Indexing);
        LifecycleRules.Arrived(saga, AwaitedStage.Inflation);
    }

    private DateTimeOffset Now => _time.GetUtcNow();

    private void Fold<T>(BehaviorContext<ModState, T> context)
        where T : class, IModEvent =>
        ModStateUpdates.Apply(context.Saga, context.Message, Now);

    private static void MirrorArrived<T>(BehaviorContext<ModState, T> context)
        where T : class, IModEvent
    {
        // The outcome names its file; a mirror requested by a process that died before saving the row is then
        // still known as done when the file's (redelivered) index outcome arrives.
        var path = context.Message switch
        {
            ModMirrored m => m.Path,
            MirrorSkipped m => m.Path,
            _ => null,
        };
        var awaited = context.Saga.Awaiting.FirstOrDefault(x => x.Stage == AwaitedStage.Mirror);
        context.Saga.MirroredFile = path ?? awaited?.Detail ?? context.Saga.IndexedFile ?? context.Saga.MirroredFile;
        if (path is null || awaited?.Detail is null || awaited.Detail == path)
        {
            LifecycleRules.Arrived(context.Saga, AwaitedStage.Mirror);
        }
    }

    /// <summary>Sends the mirror request an index outcome needs, and waits for its outcome.</summary>
    private async Task MirrorIfNeededAsync(BehaviorContext<ModState> context, ModIndexed message)
    {
        if (!_rules.NeedsMirror(context.Saga, message))
        {
            return;
        }
        var path = LifecycleRules.CkanPath(message);
        _rules.Await(context.Saga, AwaitedStage.Mirror, message.Time, path);
        await Commands(context).RequestMirrorAsync(message.Game, path, context.CancellationToken).ConfigureAwait(false);
    }

    /// <summary>A deadline passed: stall the stage on the row and, while retries remain, request it again.</summary>
    private async Task DeadlineAsync(BehaviorContext<ModState, DeadlinePassed> context)
    {
        var message = context.Message;
        context.Saga.UpdatedAt = Now;
        var retry = _rules.Expire(context.Saga, message.Stage, message.Time);
        if (retry is null)
        {
            return;
        }
        var commands = Commands(context);
        if (retry.Stage == AwaitedStage.Mirror && retry.Detail is not null)
        {
            await commands.RequestMirrorAsync(message.Game, retry.Detail, context.CancellationToken).ConfigureAwait(false);
        }
        else
        {
            // A lost inflation result and a lost index outcome are both cured by inflating again: the new result is
            // indexed (unchanged, when the first one was committed after all) and reported.
            await commands.RequestInflationAsync(message.Game, message.Identifier, context.CancellationToken).ConfigureAwait(false);
        }
    }

    /// <summary>CKAN-meta says what the row should: fill in a lost index outcome, or stall one that cannot be true.</summary>
    private async Task ReconcileAsync(BehaviorContext<ModState, CkanMetaChecked> context)
    {
        var message = context.Message;
        context.Saga.UpdatedAt = Now;
        var (mirror, reinflate) = _rules.Reconcile(context.Saga, message);
        if (mirror is not null)
        {
            await Commands(context).RequestMirrorAsync(message.Game, mirror, context.CancellationToken).ConfigureAwait(false);
        }
        if (reinflate is not null)
        {
            await Commands(context).RequestInflationAsync(message.Game, message.Identifier, context.CancellationToken).ConfigureAwait(false);
        }
    }

    private static ILifecycleCommands Commands(PipeContext context) =>
        context.TryGetPayload<IServiceProvider>(out var services) && services.GetService<ILifecycleCommands>() is { } commands
            ? commands
            : throw new InvalidOperationException("No ILifecycleCommands is registered: the saga cannot send stage requests.");
}
