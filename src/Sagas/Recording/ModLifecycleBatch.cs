using System.Collections.Concurrent;
using System.Runtime.ExceptionServices;
using NetKAN.Bus.Contracts.Lifecycle;
using NetKAN.Bus.Sagas.Persistence;

namespace NetKAN.Bus.Sagas.Recording;

/// <summary>
/// Records many events through the saga as one unit: the rows are read in one round, each event goes through the saga
/// exactly as <see cref="IModLifecycle.RecordAsync{TEvent}"/> sends it (same state machine, retries and rules), with
/// the saga's reads and writes kept in a <see cref="ModStateUnitOfWork"/>, and the resulting rows are written in one
/// transaction. A row another writer changed meanwhile is not overwritten: its events are recorded again, one by one,
/// on the fresh row. What was recorded before a failure or a cancellation is still written.
/// </summary>
public sealed class ModLifecycleBatch(IModStateStore store, IModStateBatchStore batch,
    Func<IModEvent, CancellationToken, Task> record)
{
    /// <summary>Mods recorded at once: the work is CPU-bound (the saga pipeline), so one per core.</summary>
    private static readonly int Parallelism = Math.Max(2, Environment.ProcessorCount);

    public async Task RecordAsync<TEvent>(IReadOnlyList<TEvent> events, CancellationToken cancellationToken)
        where TEvent : class, IModEvent
    {
        // One mod's events stay in order; different mods are independent rows.
        var byRow = events.GroupBy(x => ModSagaId.For(x)).ToDictionary(x => x.Key, x => x.ToList());
        var unit = await ModStateUnitOfWork.BeginAsync(store, batch, byRow.Keys, cancellationToken).ConfigureAwait(false);
        var failures = new ConcurrentQueue<Exception>();
        try
        {
            using (unit.Activate())
            {
                await Parallel.ForEachAsync(byRow.Values,
                    new ParallelOptions { MaxDegreeOfParallelism = Parallelism, CancellationToken = cancellationToken },
                    async (rowEvents, ct) => await RecordInOrderAsync(rowEvents, failures, ct).ConfigureAwait(false))
                    .ConfigureAwait(false);
            }
        }
        catch (OperationCanceledException e)
        {
            failures.Enqueue(e);
        }
        // Not cancellable: what the saga already accepted is kept, as it would be when recorded one by one.
        var conflicts = await unit.CommitAsync(batch, CancellationToken.None).ConfigureAwait(false);
        ThrowIfAny(failures);
        foreach (var id in conflicts)
        {
            foreach (var lifecycleEvent in byRow[id])
            {
                await record(lifecycleEvent, cancellationToken).ConfigureAwait(false);
            }
        }
    }

    /// <summary>Records <paramref name="events"/> one after the other (stores without batch writes).</summary>
    public static async Task RecordEachAsync<TEvent>(IModLifecycle lifecycle, IReadOnlyList<TEvent> events,
        CancellationToken cancellationToken)
        where TEvent : class, IModEvent
    {
        foreach (var lifecycleEvent in events)
        {
            await lifecycle.RecordAsync(lifecycleEvent, cancellationToken).ConfigureAwait(false);
        }
    }

    private async Task RecordInOrderAsync<TEvent>(List<TEvent> rowEvents, ConcurrentQueue<Exception> failures,
        CancellationToken cancellationToken)
        where TEvent : class, IModEvent
    {
        foreach (var lifecycleEvent in rowEvents)
        {
            try
            {
                await record(lifecycleEvent, cancellationToken).ConfigureAwait(false);
            }
            catch (Exception e) when (e is not OperationCanceledException)
            {
                // The mod's later events would apply to a row that missed this one: leave them out; other mods go on.
                failures.Enqueue(e);
                return;
            }
        }
    }

    private static void ThrowIfAny(ConcurrentQueue<Exception> failures)
    {
        if (failures.Count == 1 && failures.TryPeek(out var only))
        {
            ExceptionDispatchInfo.Throw(only);
        }
        if (!failures.IsEmpty)
        {
            throw new AggregateException("Some lifecycle events of the batch were not recorded", failures);
        }
    }
}
