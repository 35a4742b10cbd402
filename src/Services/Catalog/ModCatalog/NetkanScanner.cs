using System.Collections.Concurrent;
using Microsoft.Extensions.Logging;
using NetKAN.Bus.Contracts.Games;
using NetKAN.Bus.Metadata;
using NetKAN.Bus.Metadata.Documents;
using NetKAN.Bus.Services.Git;
using NetKAN.Bus.Services.Storage;

namespace NetKAN.Bus.Services.ModCatalog;

/// <summary>What scheduling and the webhooks need from a parsed netkan: small enough to keep across processes.</summary>
public sealed record NetkanSummary(string? KrefSource, string? KrefId, bool IsHookOnly, bool AllowOutOfOrder)
{
    public static NetkanSummary Of(NetkanFile file) =>
        new(file.Kref?.Source, file.Kref?.Id, file.IsHookOnly, file.AllowOutOfOrder);
}

/// <summary>One active (not frozen) netkan of the NetKAN repository.</summary>
/// <param name="Text">The file's text, unchanged: the inflation message body.</param>
/// <param name="Summary">What the parsed file says, or null when it does not parse (it is still scheduled, so the
/// inflator reports the problem on the mod's status).</param>
public sealed record ActiveNetkan(string Identifier, string Text, NetkanSummary? Summary, string? Problem)
{
    /// <summary>SpaceDock mods without <c>$vref</c>: refreshed by SpaceDock's webhook and the daily webhooks pass.</summary>
    public bool IsHookOnly => Summary?.IsHookOnly ?? false;

    public bool AllowOutOfOrder => Summary?.AllowOutOfOrder ?? false;

    public static ActiveNetkan Read(string path)
    {
        var identifier = Path.GetFileNameWithoutExtension(path);
        try
        {
            var netkan = NetkanFile.Load(path);
            return new ActiveNetkan(netkan.Identifier, netkan.Text, NetkanSummary.Of(netkan), null);
        }
        catch (MetadataException e)
        {
            return new ActiveNetkan(identifier, File.ReadAllText(path), null, e.Message);
        }
    }
}

/// <summary>
/// Lists a game's active netkans (<c>NetKAN/**/*.netkan</c> in the working copy; <c>.frozen</c> files are never
/// listed). Parse results are remembered by path, size and modification time — in memory and in a file in the
/// repository's <c>.git</c> folder — so a pass re-parses only files that changed, also in a new process; every
/// file's text is still read, since it is the message body.
/// </summary>
public sealed class NetkanScanner(GameRepositories repositories, ILogger<NetkanScanner> logger)
{
    public const string NetkanFolder = "NetKAN";
    public const string CacheFileName = "netkan-bus-netkan-parses.json";

    private const string What = "netkan parse cache"; // a damaged one costs one full parse

    private readonly ConcurrentDictionary<GameId, Dictionary<string, Parsed>> _cache = new();

    /// <summary>How many files the last scan had to parse (the rest came from the cache).</summary>
    public int ParsedInLastScan { get; private set; }

    public async Task<IReadOnlyList<ActiveNetkan>> ActiveAsync(GameId game, CancellationToken cancellationToken)
    {
        var copy = await repositories.NetKanAsync(game, cancellationToken).ConfigureAwait(false);
        return Scan(game, Path.Combine(copy.WorkingDirectory, NetkanFolder), Path.Combine(copy.Repository.Info.Path, CacheFileName));
    }

    /// <summary>The folder holding the game's .netkan and .frozen files.</summary>
    public async Task<string> FolderAsync(GameId game, CancellationToken cancellationToken)
    {
        var copy = await repositories.NetKanAsync(game, cancellationToken).ConfigureAwait(false);
        return Path.Combine(copy.WorkingDirectory, NetkanFolder);
    }

    private List<ActiveNetkan> Scan(GameId game, string folder, string cacheFile)
    {
        var previous = _cache.GetValueOrDefault(game) ?? JsonCacheFile.Load<Parsed>(cacheFile, What, logger);
        var current = new Dictionary<string, Parsed>(previous.Count, StringComparer.Ordinal);
        var result = new List<ActiveNetkan>(previous.Count);
        var parsed = 0;
        if (Directory.Exists(folder))
        {
            foreach (var file in new DirectoryInfo(folder).EnumerateFiles("*" + NetkanFile.NetkanExtension, SearchOption.AllDirectories))
            {
                var key = Path.GetRelativePath(folder, file.FullName);
                ActiveNetkan netkan;
                if (previous.TryGetValue(key, out var known) && known.Length == file.Length && known.Modified == file.LastWriteTimeUtc.Ticks)
                {
                    netkan = new ActiveNetkan(known.Identifier, File.ReadAllText(file.FullName), known.Summary, known.Problem);
                }
                else
                {
                    netkan = ActiveNetkan.Read(file.FullName);
                    parsed++;
                    if (netkan.Problem is not null)
                    {
                        logger.LogWarning("{Identifier}: {Problem}; it is scheduled anyway so the inflator reports it",
                            netkan.Identifier, netkan.Problem);
                    }
                    known = new Parsed(file.Length, file.LastWriteTimeUtc.Ticks, netkan.Identifier, netkan.Summary, netkan.Problem);
                }
                current[key] = known;
                result.Add(netkan);
            }
        }
        _cache[game] = current;
        ParsedInLastScan = parsed;
        if (parsed > 0 || current.Count != previous.Count)
        {
            JsonCacheFile.Save(cacheFile, current, What, logger);
        }
        result.Sort((a, b) => StringComparer.OrdinalIgnoreCase.Compare(a.Identifier, b.Identifier));
        return result;
    }

    /// <summary>A parse result and the file stamp it belongs to.</summary>
    public sealed record Parsed(long Length, long Modified, string Identifier, NetkanSummary? Summary, string? Problem);
}
