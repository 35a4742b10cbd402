using System.Collections.Concurrent;
using Microsoft.Extensions.Logging;
using NetKAN.Bus.Metadata;
using NetKAN.Bus.Metadata.Documents;
using NetKAN.Bus.Contracts.Games;
using NetKAN.Bus.Services.Git;

namespace NetKAN.Bus.Services.ModCatalog;

/// <summary>One active (not frozen) netkan of the NetKAN repository, parsed when possible.</summary>
/// <param name="Text">The file's text, unchanged: the inflation message body.</param>
/// <param name="File">The parsed file, or null when it does not parse (it is still scheduled, so the inflator
/// reports the problem on the mod's status).</param>
public sealed record ActiveNetkan(string Identifier, string Text, NetkanFile? File, string? Problem)
{
    /// <summary>SpaceDock mods without <c>$vref</c>: refreshed by SpaceDock's webhook and the daily webhooks pass.</summary>
    public bool IsHookOnly => File?.IsHookOnly ?? false;

    public bool AllowOutOfOrder => File?.AllowOutOfOrder ?? false;
}

/// <summary>
/// Lists a game's active netkans (<c>NetKAN/**/*.netkan</c> in the working copy; <c>.frozen</c> files are never
/// listed). Parsed files are remembered by path, size and modification time, so a scheduling pass re-reads only
/// files that changed since the last one.
/// </summary>
public sealed class NetkanScanner(GameRepositories repositories, ILogger<NetkanScanner> logger)
{
    public const string NetkanFolder = "NetKAN";

    private readonly ConcurrentDictionary<GameId, Dictionary<string, Cached>> _cache = new();

    public async Task<IReadOnlyList<ActiveNetkan>> ActiveAsync(GameId game, CancellationToken cancellationToken)
    {
        var copy = await repositories.NetKanAsync(game, cancellationToken).ConfigureAwait(false);
        return Scan(game, Path.Combine(copy.WorkingDirectory, NetkanFolder));
    }

    /// <summary>The folder holding the game's .netkan and .frozen files.</summary>
    public async Task<string> FolderAsync(GameId game, CancellationToken cancellationToken)
    {
        var copy = await repositories.NetKanAsync(game, cancellationToken).ConfigureAwait(false);
        return Path.Combine(copy.WorkingDirectory, NetkanFolder);
    }

    private List<ActiveNetkan> Scan(GameId game, string folder)
    {
        var previous = _cache.GetValueOrDefault(game) ?? [];
        var current = new Dictionary<string, Cached>(previous.Count, StringComparer.Ordinal);
        var result = new List<ActiveNetkan>(previous.Count);
        if (Directory.Exists(folder))
        {
            foreach (var file in new DirectoryInfo(folder).EnumerateFiles("*" + NetkanFile.NetkanExtension, SearchOption.AllDirectories))
            {
                var stamp = (file.Length, file.LastWriteTimeUtc);
                if (!previous.TryGetValue(file.FullName, out var cached) || cached.Stamp != stamp)
                {
                    cached = new Cached(stamp, Read(file.FullName));
                }
                current[file.FullName] = cached;
                result.Add(cached.Netkan);
            }
        }
        _cache[game] = current;
        result.Sort((a, b) => StringComparer.OrdinalIgnoreCase.Compare(a.Identifier, b.Identifier));
        return result;
    }

    private ActiveNetkan Read(string path)
    {
        var identifier = Path.GetFileNameWithoutExtension(path);
        try
        {
            var netkan = NetkanFile.Load(path);
            return new ActiveNetkan(netkan.Identifier, netkan.Text, netkan, null);
        }
        catch (MetadataException e)
        {
            logger.LogWarning("{Identifier}: {Problem}; it is scheduled anyway so the inflator reports it", identifier, e.Message);
            return new ActiveNetkan(identifier, File.ReadAllText(path), null, e.Message);
        }
    }

    private sealed record Cached((long Length, DateTime Modified) Stamp, ActiveNetkan Netkan);
}
