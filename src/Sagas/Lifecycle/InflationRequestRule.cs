using NetKAN.Bus.Contracts.Lifecycle;
using NetKAN.Bus.Sagas.Status;

namespace NetKAN.Bus.Sagas.Lifecycle;

/// <summary>
/// What an <see cref="InflationRequested"/> does to a mod's row: the ModLifecycle saga's rule for it, in one place so
/// that the saga and the batch recording of a scheduling pass (<c>ModLifecycleBatch</c>) apply the very same thing.
/// </summary>
public sealed class InflationRequestRule(LifecycleRules rules)
{
    /// <summary>CheckTime travels as <c>yyyy-MM-ddTHH:mm:ss</c>: whole seconds.</summary>
    private static readonly TimeSpan CheckTimeResolution = TimeSpan.FromSeconds(1);

    /// <summary>
    /// Records the request on the row (time, source, history) and, unless it arrived after its own result, arms the
    /// inflation deadline. Returns whether the mod moves to <see cref="LifecycleStates.Requested"/>.
    /// </summary>
    public bool Apply(ModState row, InflationRequested request, DateTimeOffset now)
    {
        ModStateUpdates.Apply(row, request, now);
        // A request recorded after its own result arrived (stages race) must not move the mod back. The result's time
        // is the wire's CheckTime, cut to whole seconds, so a request within the same second as the result cannot be
        // told to be newer: it counts as late.
        if (row.LastInflated is not null && request.Time < row.LastInflated.Value + CheckTimeResolution)
        {
            return false;
        }
        rules.Await(row, AwaitedStage.Inflation, request.Time);
        return true;
    }
}
