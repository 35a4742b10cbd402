using Microsoft.Extensions.Configuration;
using NetKAN.Bus.Services.Roles;
using NetKAN.Bus.Inflator.Downloads;

namespace NetKAN.Bus.Services.Hosting;

/// <summary>
/// Where a host's download cache lives, one rule for every role that touches it (inflator, indexer, mirrorer,
/// webhooks' freeze purge, cache cleaner): <c>Inflator:CacheDir</c>, else <c>&lt;data dir&gt;/cache</c>.
/// </summary>
public static class HostDownloadCache
{
    public const string ConfigKey = "Inflator:CacheDir";

    public static DownloadCacheLayout Layout(IConfiguration configuration, HostSettings settings) =>
        new(configuration[ConfigKey] is { Length: > 0 } folder
            ? folder
            : Path.Combine(settings.DataDir, DownloadCacheLayout.DefaultFolderName));
}
