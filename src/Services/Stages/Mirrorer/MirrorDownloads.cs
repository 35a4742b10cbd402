using System.Security.Cryptography;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;
using NetKAN.Bus.Metadata.Ckan;
using NetKAN.Bus.Inflator.Downloads;
using NetKAN.Bus.Services.Upstreams;

namespace NetKAN.Bus.Services.Mirrorer;

/// <summary>A verified package on disk, with both hashes (uppercase hex).</summary>
public sealed record MirrorFile(string Path, string Sha1, string Sha256, long Length, bool FromCache);

/// <summary>The package could not be found or downloaded, or its bytes do not match the module's SHA-256.</summary>
public sealed class MirrorDownloadException(string message, Exception? inner = null) : Exception(message, inner);

/// <summary>
/// Gets a module's package for upload, as the original's <c>open_download</c>: the inflator's cached copy
/// (<c>{first 8 hex of SHA-1(url)}-…</c>) when its SHA-256 matches <c>download_hash.sha256</c> (a mismatching copy
/// and its <c>.sha1</c>/<c>.sha256</c> sidecars are deleted), otherwise a fresh download, verified the same way and
/// kept in the cache under the inflator's name so both share it.
/// </summary>
public sealed class MirrorDownloads(
    IHttpClientFactory http,
    IOptions<MirrorerOptions> options,
    DownloadCacheLayout cache,
    ILogger<MirrorDownloads> logger)
{
    /// <summary>The host's download cache folder (see <see cref="DownloadCacheLayout"/>).</summary>
    public string Folder => cache.Folder;

    public async Task<MirrorFile> GetAsync(CkanModule module, CancellationToken cancellationToken)
    {
        var url = module.Downloads.FirstOrDefault()
                  ?? throw new MirrorDownloadException($"{module.Identifier} {module.Version} has no download URL");
        var expected = module.DownloadHash?.Sha256
                       ?? throw new MirrorDownloadException($"{module.Identifier} {module.Version} has no download_hash.sha256 to verify the download against");

        if (FindCached(url) is { } cached)
        {
            var (sha1, sha256, length) = await HashAsync(cached, cancellationToken).ConfigureAwait(false);
            if (string.Equals(sha256, expected, StringComparison.OrdinalIgnoreCase))
            {
                logger.LogInformation("Found matching cache entry at {File}", cached);
                return new MirrorFile(cached, sha1, sha256, length, FromCache: true);
            }
            logger.LogWarning("Hash mismatch for {Identifier} ({File}, size={Size}), {Expected} != {Actual}, purging",
                module.Identifier, cached, length, expected, sha256);
            DownloadCacheLayout.DeleteWithSidecars(cached);
        }

        Directory.CreateDirectory(Folder);
        var extension = module.DownloadContentType is { } type && CkanMirror.MimeToExtension.TryGetValue(type, out var ext) ? ext : "zip";
        var final = cache.PackagePath(url, module.Identifier, extension);
        var temp = await DownloadAsync(url, cancellationToken).ConfigureAwait(false);
        try
        {
            var (sha1, sha256, length) = await HashAsync(temp, cancellationToken).ConfigureAwait(false);
            if (!string.Equals(sha256, expected, StringComparison.OrdinalIgnoreCase))
            {
                throw new MirrorDownloadException(
                    $"Hash mismatch for {module.Identifier} {module.Version} downloaded from {url} (size={length}): {expected} != {sha256}");
            }
            File.Move(temp, final, overwrite: true);
            await File.WriteAllTextAsync(final + ".sha1", sha1, cancellationToken).ConfigureAwait(false);
            await File.WriteAllTextAsync(final + ".sha256", sha256, cancellationToken).ConfigureAwait(false);
            logger.LogInformation("Downloaded {Identifier} {Version} to {File}", module.Identifier, module.Version, final);
            return new MirrorFile(final, sha1, sha256, length, FromCache: false);
        }
        finally
        {
            TryDelete(temp);
        }
    }

    /// <summary>Streams a URL to a temporary file in the cache folder (the caller deletes it).</summary>
    public async Task<string> DownloadAsync(string url, CancellationToken cancellationToken)
    {
        Directory.CreateDirectory(Folder);
        var temp = cache.PartPath(url, "mirror");
        using var timeout = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
        timeout.CancelAfter(options.Value.DownloadTimeout);
        try
        {
            using var reply = await http.CreateClient(ServiceHttp.ClientName)
                .GetAsync(url, HttpCompletionOption.ResponseHeadersRead, timeout.Token).ConfigureAwait(false);
            if (!reply.IsSuccessStatusCode)
            {
                throw new MirrorDownloadException($"Download of {url} failed: HTTP {(int)reply.StatusCode} {reply.ReasonPhrase}");
            }
            await using var body = await reply.Content.ReadAsStreamAsync(timeout.Token).ConfigureAwait(false);
            await using var file = new FileStream(temp, FileMode.CreateNew, FileAccess.Write, FileShare.None, 1 << 16, FileOptions.Asynchronous);
            await body.CopyToAsync(file, timeout.Token).ConfigureAwait(false);
            return temp;
        }
        catch (Exception e) when (e is HttpRequestException or IOException or TaskCanceledException && !cancellationToken.IsCancellationRequested)
        {
            TryDelete(temp);
            throw new MirrorDownloadException($"Download of {url} failed: {(e is TaskCanceledException ? "timed out" : e.Message)}", e);
        }
        catch
        {
            TryDelete(temp);
            throw;
        }
    }

    /// <summary>The cached package of a URL (see <see cref="DownloadCacheLayout.FindCached"/>).</summary>
    public string? FindCached(string url) => cache.FindCached(url);

    private static async Task<(string Sha1, string Sha256, long Length)> HashAsync(string path, CancellationToken cancellationToken)
    {
        using var sha1 = IncrementalHash.CreateHash(HashAlgorithmName.SHA1);
        using var sha256 = IncrementalHash.CreateHash(HashAlgorithmName.SHA256);
        var buffer = new byte[1 << 16];
        long length = 0;
        await using var file = new FileStream(path, FileMode.Open, FileAccess.Read, FileShare.Read, 1 << 16, FileOptions.Asynchronous);
        int read;
        while ((read = await file.ReadAsync(buffer, cancellationToken).ConfigureAwait(false)) > 0)
        {
            sha1.AppendData(buffer, 0, read);
            sha256.AppendData(buffer, 0, read);
            length += read;
        }
        return (Convert.ToHexString(sha1.GetHashAndReset()), Convert.ToHexString(sha256.GetHashAndReset()), length);
    }

    private static void TryDelete(string path)
    {
        try
        {
            File.Delete(path);
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
        }
    }
}
