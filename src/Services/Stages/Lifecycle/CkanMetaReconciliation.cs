using Microsoft.Extensions.Logging;
using NetKAN.Bus.Contracts.Games;
using NetKAN.Bus.Contracts.Lifecycle;
using NetKAN.Bus.Sagas.Persistence;
using NetKAN.Bus.Sagas.Recording;
using NetKAN.Bus.Sagas.Status;
using NetKAN.Bus.Services.Git;

namespace NetKAN.Bus.Services.Lifecycle;

/// <summary>
/// Compares the status rows with CKAN-meta's primary branch (pulled first) and reports what disagrees to the saga as
/// <see cref="CkanMetaChecked"/>: a .ckan that is in CKAN-meta although its row never recorded it indexed (the row gets
/// last_indexed and the commit), and a .ckan a row says was indexed but CKAN-meta lacks (stalled and re-inflated).
/// Rows indexed in the last <see cref="Grace"/> are left alone: another host's push may not have reached our pull.
/// </summary>
public sealed class CkanMetaReconciliation(
    GameRepositories repositories,
    IModStateStore store,
    IModLifecycle lifecycle,
    TimeProvider time,
    ILogger<CkanMetaReconciliation> logger)
{
    public static readonly TimeSpan Grace = TimeSpan.FromMinutes(10);

    /// <summary>Returns how many rows disagreed with CKAN-meta.</summary>
    public async Task<int> RunAsync(CancellationToken cancellationToken)
    {
        var reported = 0;
        foreach (var game in repositories.Games)
        {
            await repositories.PullAsync(game, cancellationToken).ConfigureAwait(false);
            var rows = await store.ListAsync(game, cancellationToken).ConfigureAwait(false);
            var ckanMeta = await repositories.CkanMetaAsync(game, cancellationToken).ConfigureAwait(false);
            var now = time.GetUtcNow();
            var findings = new List<CkanMetaChecked>();
            using (await ckanMeta.LockAsync(cancellationToken).ConfigureAwait(false))
            {
                var head = ckanMeta.Head.Sha;
                foreach (var row in rows.Where(x => !x.Frozen))
                {
                    if (Check(row, game, now, head, path => ckanMeta.FindBlob(path) is not null) is { } finding)
                    {
                        findings.Add(finding);
                    }
                }
            }
            foreach (var finding in findings)
            {
                try
                {
                    await lifecycle.RecordAsync(finding, cancellationToken).ConfigureAwait(false);
                    reported++;
                    logger.LogWarning("{Game}/{Identifier}: {Path} is {What} CKAN-meta, unlike its status row", game,
                        finding.Identifier, finding.Path, finding.Present ? "in" : "missing from");
                }
                catch (Exception e) when (!cancellationToken.IsCancellationRequested)
                {
                    logger.LogError(e, "{Game}/{Identifier}: could not reconcile with CKAN-meta", game, finding.Identifier);
                }
            }
        }
        return reported;
    }

    /// <summary>The disagreement between one row and CKAN-meta, or null when they agree (or the row makes no claim).</summary>
    public static CkanMetaChecked? Check(ModState row, GameId game, DateTimeOffset now, string head, Func<string, bool> exists)
    {
        var claimed = row.IndexOutcome is "Added" or "Updated" or "Unchanged" ? row.IndexedFile : null;
        if (claimed is not null)
        {
            return exists(claimed) || row.LastIndexed > now - Grace
                ? null
                : new CkanMetaChecked(game, row.Identifier, now, claimed, false);
        }
        // Inflated successfully but never recorded as indexed: the index outcome may have been lost after the commit.
        if (row is { Success: true, LastIndexed: null, CkanFile: { } file, Staged: false })
        {
            var path = $"{row.Identifier}/{file}";
            return exists(path) ? new CkanMetaChecked(game, row.Identifier, now, path, true, head) : null;
        }
        return null;
    }
}
