using System.Diagnostics;
using System.Text;
using LibGit2Sharp;
using Microsoft.Extensions.Logging;
using NetKAN.Bus.Contracts.Alerts;
using NetKAN.Bus.Contracts.Lifecycle;
using NetKAN.Bus.Metadata.Ckan;
using NetKAN.Bus.Contracts.Games;
using NetKAN.Bus.Sagas.Persistence;
using NetKAN.Bus.Sagas.Recording;
using NetKAN.Bus.Services.Git;

namespace NetKAN.Bus.Services.DownloadCounter;

/// <summary>What one count did.</summary>
/// <param name="Commit">The commit of the changed <c>download_counts.json</c>, or null when nothing changed.</param>
/// <param name="Recorded">Status rows given a new <see cref="DownloadsCounted"/>.</param>
public sealed record DownloadCountResult(
    GameId Game,
    int Modules,
    IReadOnlyDictionary<string, long> Counts,
    string? Commit,
    IReadOnlyList<KeyValuePair<string, long>> TopAllTime,
    IReadOnlyList<KeyValuePair<string, long>> TopToday,
    int Recorded,
    TimeSpan Elapsed);

/// <summary>
/// The Download Counter for one game, as the original: the latest stable module of every mod (DLC left out), every
/// download URL of it (plus its archive.org mirror) counted at GitHub, SpaceDock, archive.org and SourceForge and
/// summed per mod; <c>download_counts.json</c> written to CKAN-meta and committed as
/// <c>NetKAN updating download counts</c> and pushed only when it changed; the top 5 (all-time and since the last
/// count) logged; each tracked mod whose count changed gets <see cref="DownloadsCounted"/> on its status.
/// </summary>
public sealed class ModDownloadCounter(
    GameRepositories repositories,
    IEnumerable<IDownloadCountSource> sources,
    IModStateStore store,
    IModLifecycle lifecycle,
    TimeProvider time,
    IAlerts alerts,
    ILogger<ModDownloadCounter> logger)
{
    public const string CommitMessage = "NetKAN updating download counts";
    private const int RecordingParallelism = 4;

    public async Task<DownloadCountResult> CountAsync(GameId game, CancellationToken cancellationToken)
    {
        var clock = Stopwatch.StartNew();
        var repository = await repositories.CkanMetaAsync(game, cancellationToken).ConfigureAwait(false);
        using (await repository.LockAsync(cancellationToken).ConfigureAwait(false))
        {
            repositories.TryPull(repository);
        }

        var modules = LatestModules.Scan(repository.Copy.WorkingDirectory, cancellationToken).Where(x => x.Kind != "dlc").ToList();
        var counts = await CountModulesAsync(modules, cancellationToken).ConfigureAwait(false);
        var json = Encoding.UTF8.GetBytes(DownloadCountsJson.Write(counts));

        IReadOnlyDictionary<string, long> previous;
        ObjectId? commit = null;
        long sequence = 0;
        using (await repository.LockAsync(cancellationToken).ConfigureAwait(false))
        {
            repositories.TryPull(repository);
            var existing = repository.FindBlob(DownloadCountsJson.FileName);
            previous = DownloadCountsJson.Read(existing is null ? null : repository.Copy.Repository.Lookup<Blob>(existing).GetContentText());
            if (existing != GitObjectFormat.BlobId(json))
            {
                (commit, sequence) = repository.CommitFile(DownloadCountsJson.FileName, json, CommitMessage);
            }
        }
        if (commit is not null)
        {
            await repository.WaitUntilPushedAsync(sequence, cancellationToken).ConfigureAwait(false);
            logger.LogInformation("Download counts for {Game} changed and committed as {Commit}", game, commit.Sha[..7]);
        }
        else
        {
            logger.LogInformation("Download counts match existing data.");
        }

        var topAllTime = counts.OrderByDescending(x => x.Value).ThenBy(x => x.Key, StringComparer.Ordinal).Take(5).ToList();
        var topToday = counts.Select(x => new KeyValuePair<string, long>(x.Key, x.Value - previous.GetValueOrDefault(x.Key)))
            .Where(x => x.Value > 0)
            .OrderByDescending(x => x.Value).ThenBy(x => x.Key, StringComparer.Ordinal).Take(5).ToList();
        logger.LogInformation("Top 5 downloads for {Game} all-time:\n{Top}", game, Format(topAllTime));
        logger.LogInformation("Top 5 downloads for {Game} today:\n{Top}", game, Format(topToday));
        alerts.Raise(new Alert(AlertKind.DownloadTop,
            $"Top 5 downloads for {game} all-time:\n{Format(topAllTime)}\nTop 5 downloads for {game} today:\n{Format(topToday)}", game));

        var recorded = await RecordAsync(game, counts, cancellationToken).ConfigureAwait(false);
        return new DownloadCountResult(game, modules.Count, counts, commit?.Sha, topAllTime, topToday, recorded, clock.Elapsed);
    }

    /// <summary>Each module's sources, each source kind queried once for all its keys, summed per module.</summary>
    private async Task<Dictionary<string, long>> CountModulesAsync(IReadOnlyList<CkanModule> modules, CancellationToken cancellationToken)
    {
        var perModule = new List<(string Identifier, IReadOnlyList<DownloadSource> Sources)>();
        foreach (var module in modules)
        {
            try
            {
                perModule.Add((module.Identifier, DownloadSources.Of(module)));
            }
            catch (Exception e) when (e is not OperationCanceledException)
            {
                logger.LogError(e, "DownloadCounter failed for {Identifier}", module.Identifier);
            }
        }

        var answers = new Dictionary<DownloadSource, long>();
        foreach (var source in sources)
        {
            var requests = perModule
                .SelectMany(m => m.Sources.Where(s => s.Host == source.Host).Select(s => new CountRequest(s.Key, m.Identifier)))
                .DistinctBy(x => x.Key)
                .ToList();
            if (requests.Count == 0)
            {
                continue;
            }
            try
            {
                foreach (var (key, count) in await source.CountAsync(requests, cancellationToken).ConfigureAwait(false))
                {
                    answers[new DownloadSource(source.Host, key)] = count;
                }
            }
            catch (Exception e) when (e is not OperationCanceledException || !cancellationToken.IsCancellationRequested)
            {
                logger.LogError("DownloadCounter could not count {Host} downloads: {Problem}", source.Host, e.Message);
            }
        }

        var counts = new Dictionary<string, long>(StringComparer.Ordinal);
        foreach (var (identifier, moduleSources) in perModule)
        {
            var known = moduleSources.Where(answers.ContainsKey).ToList();
            if (known.Count > 0)
            {
                counts[identifier] = known.Sum(x => answers[x]);
            }
        }
        return counts;
    }

    /// <summary><see cref="DownloadsCounted"/> for every status row whose count differs.</summary>
    private async Task<int> RecordAsync(GameId game, IReadOnlyDictionary<string, long> counts, CancellationToken cancellationToken)
    {
        var now = time.GetUtcNow();
        var rows = await store.ListAsync(game, cancellationToken).ConfigureAwait(false);
        var changed = rows
            .Where(row => counts.TryGetValue(row.Identifier, out var count) && row.DownloadCount != count)
            .Select(row => new DownloadsCounted(game, row.Identifier, now, counts[row.Identifier]))
            .ToList();
        await Parallel.ForEachAsync(changed,
            new ParallelOptions { MaxDegreeOfParallelism = RecordingParallelism, CancellationToken = cancellationToken },
            async (e, ct) => await lifecycle.RecordAsync(e, ct).ConfigureAwait(false)).ConfigureAwait(false);
        return changed.Count;
    }

    public static string Format(IReadOnlyList<KeyValuePair<string, long>> top) =>
        top.Count == 0
            ? "  (none)"
            : string.Join("\n", top.Select((x, i) => $"  {i + 1}. {x.Key}: {x.Value:N0}"));
}
