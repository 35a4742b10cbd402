using NetKAN.Bus.Contracts.Lifecycle;

namespace NetKAN.Bus.Sagas.Recording;

/// <summary>
/// What stages call to record what happened to a mod. Completes only once the saga has stored the event,
/// so a queue message can be deleted knowing its outcome is recorded.
/// </summary>
public interface IModLifecycle
{
    Task RecordAsync<TEvent>(TEvent lifecycleEvent, CancellationToken cancellationToken)
        where TEvent : class, IModEvent;
}
