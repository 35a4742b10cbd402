using System.Buffers;
using System.IO.Compression;
using Microsoft.Extensions.Logging;
using NetKAN.Bus.Inflator.Http;

namespace NetKAN.Bus.Inflator.Downloads;

/// <summary>A package in the download cache, with its size, hashes and kind.</summary>
public sealed record CachedDownload(
    string Url,
    string Path,
    long Size,
    string Sha1,
    string Sha256,
    FileKind Kind,
    DateTimeOffset CachedAt,
    bool FromCache);

/// <summary>
/// The original's NetFileCache, laid out by <see cref="DownloadCacheLayout"/> (the names the indexer and mirrorer look
/// for): stale when the module's release_date is not older than the file, hashes memoised
/// in <c>.sha1</c>/<c>.sha256</c> sidecars. Downloads stream to disk once while both hashes are computed.
/// </summary>
internal sealed class DownloadCache
{
    private const int BufferSize = 1 << 20;
    private readonly UpstreamHttp _http;
    private readonly TimeProvider _time;
    private readonly ILogger<DownloadCache> _log;
    private readonly DownloadCacheLayout _layout;

    public DownloadCache(UpstreamHttp http, DownloadCacheLayout layout, TimeProvider time, ILogger<DownloadCache> log)
    {
        _http = http;
        _time = time;
        _log = log;
        _layout = layout;
    }

    public string Folder => _layout.Folder;

    /// <summary>The first 8 hex digits (uppercase) of SHA-1 over the URL's UTF-8 bytes.</summary>
    public static string UrlHash(string url) => DownloadCacheLayout.UrlPrefix(url);

    /// <summary>The cached file for <paramref name="url"/>, if any.</summary>
    public string? FindCached(string url) => _layout.FindCached(url);

    /// <summary>Removes the cached file of <paramref name="url"/> and its sidecars.</summary>
    public void Purge(string url) => _layout.Purge([url]);

    /// <summary>Returns the cached package, downloading it when missing or stale.</summary>
    public async Task<CachedDownload> GetAsync(string url, string identifier, DateTimeOffset? releaseDate, CancellationToken ct)
    {
        if (FindCached(url) is { } cached)
        {
            var mtime = new DateTimeOffset(File.GetLastWriteTimeUtc(cached), TimeSpan.Zero);
            if (releaseDate is { } released && released >= mtime)
            {
                _log.LogInformation("Cached {File} is older than the release ({Release}); downloading again", cached, released);
                DownloadCacheLayout.DeleteWithSidecars(cached);
            }
            else
            {
                var (sha1, sha256) = await ReadOrComputeHashesAsync(cached, ct).ConfigureAwait(false);
                return new CachedDownload(url, cached, new FileInfo(cached).Length, sha1, sha256,
                    FileKinds.FromExtension(cached), mtime, FromCache: true);
            }
        }
        return await DownloadAsync(url, identifier, ct).ConfigureAwait(false);
    }

    private async Task<CachedDownload> DownloadAsync(string url, string identifier, CancellationToken ct)
    {
        if (!Uri.TryCreate(url, UriKind.Absolute, out var uri) || uri.Scheme is not ("http" or "https"))
        {
            throw new InflationException($"{identifier}: invalid download URL '{url}'");
        }
        Directory.CreateDirectory(Folder);
        var temp = _layout.PartPath(url, $"netkan-{identifier}");
        var prefix = new byte[FileKinds.PrefixLength];
        var prefixLength = 0;
        string sha1, sha256;
        long size;
        using var timeout = CancellationTokenSource.CreateLinkedTokenSource(ct);
        timeout.CancelAfter(_http.DownloadTimeout);
        var current = ArrayPool<byte>.Shared.Rent(BufferSize);
        var next = ArrayPool<byte>.Shared.Rent(BufferSize);
        try
        {
            using (var reply = await _http.GetPackageAsync(uri, timeout.Token).ConfigureAwait(false))
            await using (var body = await reply.Content.ReadAsStreamAsync(timeout.Token).ConfigureAwait(false))
            await using (var file = new FileStream(temp, FileMode.CreateNew, FileAccess.Write, FileShare.None, 1, FileOptions.Asynchronous))
            using (var hasher = new DualHasher())
            {
                // Double-buffered single pass: while one chunk is written and hashed (SHA-1 and SHA-256 side by side),
                // the next one is already being read from the network.
                var filled = await FillAsync(body, current, timeout.Token).ConfigureAwait(false);
                while (filled > 0)
                {
                    if (prefixLength < prefix.Length)
                    {
                        var n = Math.Min(filled, prefix.Length - prefixLength);
                        current.AsSpan(0, n).CopyTo(prefix.AsSpan(prefixLength));
                        prefixLength += n;
                    }
                    var reading = FillAsync(body, next, timeout.Token);
                    var writing = file.WriteAsync(current.AsMemory(0, filled), timeout.Token);
                    hasher.Append(current, 0, filled);
                    await writing.ConfigureAwait(false);
                    filled = await reading.ConfigureAwait(false);
                    (current, next) = (next, current);
                }
                (sha1, sha256) = hasher.Finish();
                size = hasher.Length;
            }
        }
        catch (Exception e) when (e is HttpRequestException or IOException or TaskCanceledException && !ct.IsCancellationRequested)
        {
            TryDelete(temp);
            throw new UpstreamException(url, null,
                $"Download of {url} failed: {(e is TaskCanceledException ? "timed out" : e.Message)}", e);
        }
        catch
        {
            TryDelete(temp);
            throw;
        }
        finally
        {
            ArrayPool<byte>.Shared.Return(current);
            ArrayPool<byte>.Shared.Return(next);
        }

        var kind = FileKinds.Detect(prefix.AsSpan(0, prefixLength), GzipInner(temp, prefix.AsSpan(0, prefixLength)));
        if (kind == FileKind.Zip && ZipValidator.Check(temp) is { } reason)
        {
            TryDelete(temp);
            throw new InflationException($"{url} is not a valid ZIP file: {reason}");
        }
        var final = _layout.PackagePath(url, identifier, kind.Extension());
        File.Move(temp, final, overwrite: true);
        await File.WriteAllTextAsync(final + ".sha1", sha1, ct).ConfigureAwait(false);
        await File.WriteAllTextAsync(final + ".sha256", sha256, ct).ConfigureAwait(false);
        _log.LogInformation("Downloaded {Url} to {File} ({Size} bytes)", url, final, size);
        return new CachedDownload(url, final, size, sha1, sha256, kind, _time.GetUtcNow(), FromCache: false);
    }

    /// <summary>Reads until the buffer is full or the stream ends; returns the byte count.</summary>
    private static async Task<int> FillAsync(Stream body, byte[] buffer, CancellationToken ct)
    {
        var filled = 0;
        int read;
        while (filled < BufferSize && (read = await body.ReadAsync(buffer.AsMemory(filled, BufferSize - filled), ct).ConfigureAwait(false)) > 0)
        {
            filled += read;
        }
        return filled;
    }

    private static byte[] GzipInner(string path, ReadOnlySpan<byte> prefix)
    {
        if (prefix.Length < 2 || prefix[0] != 0x1F || prefix[1] != 0x8B)
        {
            return [];
        }
        try
        {
            using var file = File.OpenRead(path);
            using var gzip = new GZipStream(file, CompressionMode.Decompress);
            var inner = new byte[512];
            var total = 0;
            int read;
            while (total < inner.Length && (read = gzip.Read(inner, total, inner.Length - total)) > 0)
            {
                total += read;
            }
            return inner[..total];
        }
        catch (InvalidDataException)
        {
            return [];
        }
    }

    private static async Task<(string Sha1, string Sha256)> ReadOrComputeHashesAsync(string path, CancellationToken ct)
    {
        if (File.Exists(path + ".sha1") && File.Exists(path + ".sha256"))
        {
            var s1 = (await File.ReadAllTextAsync(path + ".sha1", ct).ConfigureAwait(false)).Trim();
            var s256 = (await File.ReadAllTextAsync(path + ".sha256", ct).ConfigureAwait(false)).Trim();
            if (s1.Length == 40 && s256.Length == 64)
            {
                return (s1, s256);
            }
        }
        var (sha1, sha256, _) = await DualHasher.HashFileAsync(path, ct).ConfigureAwait(false);
        await File.WriteAllTextAsync(path + ".sha1", sha1, ct).ConfigureAwait(false);
        await File.WriteAllTextAsync(path + ".sha256", sha256, ct).ConfigureAwait(false);
        return (sha1, sha256);
    }

    private static void TryDelete(string path)
    {
        try
        {
            File.Delete(path);
        }
        catch (IOException)
        {
        }
        catch (UnauthorizedAccessException)
        {
        }
    }
}
