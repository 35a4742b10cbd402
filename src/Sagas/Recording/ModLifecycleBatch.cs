using NetKAN.Bus.Contracts.Games;
using NetKAN.Bus.Contracts.Lifecycle;
using NetKAN.Bus.Sagas.Lifecycle;
using NetKAN.Bus.Sagas.Persistence;
using NetKAN.Bus.Sagas.Status;

namespace NetKAN.Bus.Sagas.Recording;

/// <summary>
/// Records a scheduling pass's <see cref="InflationRequested"/> events as one batch: the mods' rows are read in one
/// query, the saga's own rule for a request (<see cref="InflationRequestRule"/>, with the state it leads to and one
/// version per event, as the saga saves them) is applied to each, and all rows are written in one transaction. A row
/// another writer changed in between is not overwritten: its requests go through the saga one by one, on the fresh
/// row. Identifiers that are not CKAN identifiers are refused as <see cref="IModLifecycle.RecordAsync{TEvent}"/>
/// refuses them, after the others are written.
/// </summary>
public sealed class ModLifecycleBatch(
    IModStateBatchStore store,
    InflationRequestRule rule,
    TimeProvider time,
    Func<InflationRequested, CancellationToken, Task> recordOne)
{
    private const int OneByOneParallelism = 4;

    public async Task RecordAsync(IReadOnlyList<InflationRequested> requests, CancellationToken cancellationToken)
    {
        var refused = requests.Where(x => !ModIdentifier.IsValid(x.Identifier)).ToList();
        // One mod's requests stay in their order; different mods are different rows.
        var byRow = requests.Where(x => ModIdentifier.IsValid(x.Identifier))
            .GroupBy(x => ModSagaId.For(x))
            .ToDictionary(x => x.Key, x => x.ToList());
        var stored = await store.LoadManyAsync(byRow.Keys, cancellationToken).ConfigureAwait(false);
        var writes = byRow.Select(x => Apply(x.Key, stored.GetValueOrDefault(x.Key), x.Value)).ToList();
        var conflicts = await store.WriteManyAsync(writes, cancellationToken).ConfigureAwait(false);
        foreach (var id in conflicts)
        {
            foreach (var request in byRow[id])
            {
                await recordOne(request, cancellationToken).ConfigureAwait(false);
            }
        }
        if (refused.Count > 0)
        {
            await recordOne(refused[0], cancellationToken).ConfigureAwait(false); // throws the saga path's refusal
        }
    }

    /// <summary>The row after the mod's requests, as the saga would save it after each: a new row starts at version 1,
    /// every further request adds one.</summary>
    private ModStateWrite Apply(Guid id, ModState? row, List<InflationRequested> requests)
    {
        var expected = row?.Version;
        row ??= new ModState { CorrelationId = id };
        foreach (var request in requests)
        {
            if (rule.Apply(row, request, time.GetUtcNow()))
            {
                row.CurrentState = LifecycleStates.Requested;
            }
        }
        row.Version = (expected ?? 0) + requests.Count;
        return new ModStateWrite(row, expected);
    }

    /// <summary>
    /// Records <paramref name="requests"/> one by one through the saga (stores without batch writes: memory, DynamoDB),
    /// a few mods at a time as the scheduler always did (each a network round trip on DynamoDB); one mod's in order.
    /// </summary>
    public static Task RecordEachAsync(IModLifecycle lifecycle, IReadOnlyList<InflationRequested> requests,
        CancellationToken cancellationToken) =>
        Parallel.ForEachAsync(requests.GroupBy(x => ModSagaId.For(x)),
            new ParallelOptions { MaxDegreeOfParallelism = OneByOneParallelism, CancellationToken = cancellationToken },
            async (mod, ct) =>
            {
                foreach (var request in mod)
                {
                    await lifecycle.RecordAsync(request, ct).ConfigureAwait(false);
                }
            });
}
