using System.Globalization;
using System.Net.Sockets;
using System.Net;
using System.Text.Json;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;
using NetKAN.Bus.Contracts.Configuration;
using NetKAN.Bus.Services.Upstreams;

namespace NetKAN.Bus.Services.DownloadCounter;

/// <summary>One key to count (a repository, mod id, item or project) and the first mod that asked for it.</summary>
public sealed record CountRequest(string Key, string Identifier);

/// <summary>Counts the downloads of one kind of source; keys without an answer are left out of the result.</summary>
public interface IDownloadCountSource
{
    DownloadHost Host { get; }

    Task<IReadOnlyDictionary<string, long>> CountAsync(IReadOnlyList<CountRequest> requests, CancellationToken cancellationToken);
}

/// <summary>
/// SpaceDock: one <c>POST /api/download_counts</c> with form field <c>mod_id</c> repeated for every id; the answer is
/// <c>{"download_counts": [{"id": …, "downloads": …}]}</c>. Zero or missing counts are left out, as the original.
/// </summary>
public sealed class SpaceDockDownloadCounts(IHttpClientFactory http, IOptions<UpstreamOptions> upstreams,
    IOptions<DownloadCounterOptions> options) : IDownloadCountSource
{
    public DownloadHost Host => DownloadHost.SpaceDock;

    public async Task<IReadOnlyDictionary<string, long>> CountAsync(IReadOnlyList<CountRequest> requests, CancellationToken cancellationToken)
    {
        var form = new FormUrlEncodedContent(requests.Select(x => new KeyValuePair<string, string>("mod_id", x.Key)));
        using var timeout = Timeout(options.Value, cancellationToken);
        using var reply = await http.CreateClient(ServiceHttp.ClientName)
            .PostAsync(UpstreamOptions.Combine(upstreams.Value.SpaceDock, "api/download_counts"), form, timeout.Token).ConfigureAwait(false);
        reply.EnsureSuccessStatusCode();
        using var json = JsonDocument.Parse(await reply.Content.ReadAsStringAsync(timeout.Token).ConfigureAwait(false));
        var counts = new Dictionary<string, long>(StringComparer.Ordinal);
        if (json.RootElement.TryGetProperty("download_counts", out var list) && list.ValueKind == JsonValueKind.Array)
        {
            foreach (var entry in list.EnumerateArray())
            {
                if (entry.TryGetProperty("id", out var id) && id.ValueKind == JsonValueKind.Number
                    && entry.TryGetProperty("downloads", out var downloads) && downloads.ValueKind == JsonValueKind.Number
                    && downloads.GetInt64() is > 0 and var count)
                {
                    counts[id.GetInt64().ToString(CultureInfo.InvariantCulture)] = count;
                }
            }
        }
        return counts;
    }

    internal static CancellationTokenSource Timeout(DownloadCounterOptions options, CancellationToken cancellationToken)
    {
        var timeout = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
        timeout.CancelAfter(options.RequestTimeout);
        return timeout;
    }
}

/// <summary>
/// archive.org views: <c>GET /views/v1/short/&lt;item&gt;,&lt;item&gt;,…</c> for up to 30 items a request, reading
/// <c>&lt;item&gt;.all_time</c>. When the service cannot be reached, archive.org counting stops for the rest of the run.
/// </summary>
public sealed class ArchiveDownloadCounts(IHttpClientFactory http, IOptions<UpstreamOptions> upstreams,
    IOptions<DownloadCounterOptions> options, ILogger<ArchiveDownloadCounts> logger) : IDownloadCountSource
{
    public DownloadHost Host => DownloadHost.Archive;

    public async Task<IReadOnlyDictionary<string, long>> CountAsync(IReadOnlyList<CountRequest> requests, CancellationToken cancellationToken)
    {
        var counts = new Dictionary<string, long>(StringComparer.Ordinal);
        foreach (var batch in requests.Chunk(Math.Max(1, options.Value.ArchiveItemsPerRequest)))
        {
            var items = string.Join(',', batch.Select(x => Uri.EscapeDataString(x.Key)));
            using var timeout = SpaceDockDownloadCounts.Timeout(options.Value, cancellationToken);
            try
            {
                using var reply = await http.CreateClient(ServiceHttp.ClientName)
                    .GetAsync(UpstreamOptions.Combine(upstreams.Value.ArchiveViews, $"views/v1/short/{items}"), timeout.Token).ConfigureAwait(false);
                reply.EnsureSuccessStatusCode();
                using var json = JsonDocument.Parse(await reply.Content.ReadAsStringAsync(timeout.Token).ConfigureAwait(false));
                foreach (var request in batch)
                {
                    if (json.RootElement.TryGetProperty(request.Key, out var item) && item.ValueKind == JsonValueKind.Object
                        && item.TryGetProperty("all_time", out var allTime) && allTime.ValueKind == JsonValueKind.Number)
                    {
                        counts[request.Key] = allTime.GetInt64();
                    }
                }
            }
            catch (Exception e) when (Unreachable(e) && !cancellationToken.IsCancellationRequested)
            {
                logger.LogError("archive.org views cannot be reached ({Problem}); not counting archive.org downloads this run", e.Message);
                break;
            }
            catch (Exception e) when (e is HttpRequestException or JsonException)
            {
                logger.LogError("archive.org views failed for {Items}: {Problem}", string.Join(",", batch.Select(x => x.Key)), e.Message);
            }
        }
        return counts;
    }

    private static bool Unreachable(Exception e) =>
        e is TaskCanceledException || e is HttpRequestException { InnerException: SocketException } || e is HttpRequestException { StatusCode: null };
}

/// <summary>SourceForge: <c>GET /projects/&lt;p&gt;/files/stats/json?start_date=2010-01-01&amp;end_date=&lt;today&gt;…</c>,
/// reading <c>total</c>.</summary>
public sealed class SourceForgeDownloadCounts(IHttpClientFactory http, IOptions<UpstreamOptions> upstreams,
    IOptions<DownloadCounterOptions> options, TimeProvider time, ILogger<SourceForgeDownloadCounts> logger) : IDownloadCountSource
{
    public DownloadHost Host => DownloadHost.SourceForge;

    public async Task<IReadOnlyDictionary<string, long>> CountAsync(IReadOnlyList<CountRequest> requests, CancellationToken cancellationToken)
    {
        var today = time.GetUtcNow().ToString("yyyy-MM-dd", CultureInfo.InvariantCulture);
        var counts = new Dictionary<string, long>(StringComparer.Ordinal);
        foreach (var request in requests)
        {
            var path = $"projects/{Uri.EscapeDataString(request.Key)}/files/stats/json?start_date=2010-01-01&end_date={today}&os_by_country=false&period=monthly";
            using var timeout = SpaceDockDownloadCounts.Timeout(options.Value, cancellationToken);
            try
            {
                using var reply = await http.CreateClient(ServiceHttp.ClientName)
                    .GetAsync(UpstreamOptions.Combine(upstreams.Value.SourceForge, path), timeout.Token).ConfigureAwait(false);
                reply.EnsureSuccessStatusCode();
                using var json = JsonDocument.Parse(await reply.Content.ReadAsStringAsync(timeout.Token).ConfigureAwait(false));
                if (json.RootElement.TryGetProperty("total", out var total) && total.ValueKind == JsonValueKind.Number)
                {
                    counts[request.Key] = total.GetInt64();
                }
            }
            catch (Exception e) when (e is HttpRequestException or JsonException or TaskCanceledException && !cancellationToken.IsCancellationRequested)
            {
                logger.LogError("DownloadCounter failed for {Identifier} (SourceForge {Project}): {Problem}", request.Identifier, request.Key, e.Message);
            }
        }
        return counts;
    }
}
