using Microsoft.Extensions.Logging;
using NetKAN.Bus.Contracts.Lifecycle;
using NetKAN.Bus.Contracts.Games;
using NetKAN.Bus.Sagas.Persistence;
using NetKAN.Bus.Sagas.Recording;

namespace NetKAN.Bus.Services.Lifecycle;

/// <summary>
/// One sweep over the status rows: every awaited stage whose deadline has passed is reported to the mod's saga as
/// <see cref="DeadlinePassed"/>; the saga marks it stalled and re-requests it. The deadlines live on the rows, so a
/// sweep after a restart finds whatever was due while the host was down.
/// </summary>
public sealed class LifecycleSweep(IModStateStore store, IModLifecycle lifecycle, TimeProvider time, ILogger<LifecycleSweep> logger)
{
    /// <summary>Returns how many passed deadlines were reported.</summary>
    public async Task<int> RunAsync(CancellationToken cancellationToken)
    {
        var now = time.GetUtcNow();
        var reported = 0;
        foreach (var row in await store.ListAsync(null, cancellationToken).ConfigureAwait(false))
        {
            if (!GameId.TryParse(row.GameId, out var game))
            {
                continue;
            }
            foreach (var due in row.Awaiting.Where(x => x.Deadline <= now).ToList())
            {
                try
                {
                    await lifecycle.RecordAsync(new DeadlinePassed(game.Value, row.Identifier, now, due.Stage), cancellationToken)
                        .ConfigureAwait(false);
                    reported++;
                    logger.LogWarning("{Game}/{Identifier}: no {Stage} result since {Since:u}; stalled", game, row.Identifier,
                        due.Stage, due.Since);
                }
                catch (Exception e) when (!cancellationToken.IsCancellationRequested)
                {
                    // The next sweep tries again; one mod must not hold up the others.
                    logger.LogError(e, "{Game}/{Identifier}: could not re-drive the {Stage} stage", game, row.Identifier, due.Stage);
                }
            }
        }
        return reported;
    }
}
