using System.Security.Cryptography;
using System.Text;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.Options;

namespace NetKAN.Bus.Services.Indexer;

/// <summary>
/// When a mod's download last landed in the inflator's cache (the status field <c>last_downloaded</c>): the
/// modification time of the cached file, named <c>{first 8 hex of SHA-1(url)}-…</c> as the inflator names it.
/// </summary>
public sealed class DownloadCacheProbe(IOptions<IndexerOptions> options, IConfiguration configuration)
{
    private readonly string _folder = Resolve(options.Value.DownloadCache ?? configuration["Inflator:CacheDir"]);

    public DateTimeOffset? LastDownloaded(string? downloadUrl)
    {
        if (downloadUrl is null || !Directory.Exists(_folder))
        {
            return null;
        }
        var prefix = Convert.ToHexString(SHA1.HashData(Encoding.UTF8.GetBytes(downloadUrl)))[..8] + "-";
        var file = Directory.EnumerateFiles(_folder, prefix + "*")
            .Where(f => !f.EndsWith(".sha1", StringComparison.Ordinal) && !f.EndsWith(".sha256", StringComparison.Ordinal)
                        && !Path.GetFileName(f).Contains(".part-", StringComparison.Ordinal))
            .Order(StringComparer.Ordinal)
            .FirstOrDefault();
        return file is null ? null : new DateTimeOffset(File.GetLastWriteTimeUtc(file), TimeSpan.Zero);
    }

    private static string Resolve(string? folder)
    {
        var home = Environment.GetFolderPath(Environment.SpecialFolder.UserProfile);
        if (string.IsNullOrWhiteSpace(folder))
        {
            return Path.Combine(home, ".cache", "netkan", "downloads");
        }
        return folder.StartsWith("~/", StringComparison.Ordinal) ? Path.Combine(home, folder[2..]) : folder;
    }
}
