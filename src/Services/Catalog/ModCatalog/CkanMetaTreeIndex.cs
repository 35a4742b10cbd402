using System.Diagnostics;
using LibGit2Sharp;
using Microsoft.Extensions.Logging;
using NetKAN.Bus.Metadata.CkanMeta;
using NetKAN.Bus.Metadata.Versions;
using NetKAN.Bus.Services.Storage;

namespace NetKAN.Bus.Services.ModCatalog;

/// <summary>
/// Builds a game's <see cref="CkanMetaIndex"/> from a CKAN-meta commit's tree instead of the working directory:
/// a mod folder whose git tree id is unchanged since the last build keeps its highest versions, only changed folders
/// are read (from git objects). The per-folder results persist in the repository's <c>.git</c> folder, so a new
/// process (<c>netkan schedule</c>, a restarted container) skips reading the 30k files it already knows.
/// Same rules as <see cref="CkanMetaIndex.Scan"/>: a mod is a top-level folder named like an identifier with at least
/// one <c>.ckan</c> directly inside; its modules are every <c>.ckan</c> below it, in ordinal path order.
/// </summary>
public static class CkanMetaTreeIndex
{
    public const string CacheFileName = "netkan-bus-ckan-meta-index.json";

    private const string What = "CKAN-meta index cache";

    /// <summary>The index and how it was made: mod folders read from git and folders reused from the cache.</summary>
    public sealed record Result(CkanMetaIndex Index, int FoldersRead, int FoldersReused);

    public static Result Build(Repository repository, Commit commit, string root, ILogger logger,
        CancellationToken cancellationToken)
    {
        var clock = Stopwatch.StartNew();
        var cacheFile = Path.Combine(repository.Info.Path, CacheFileName);
        var cached = JsonCacheFile.Load<CachedFolder>(cacheFile, What, logger);
        var folders = new Dictionary<string, CachedFolder>(StringComparer.Ordinal);
        var highest = new Dictionary<string, HighestVersions>(StringComparer.Ordinal);
        var read = 0;
        foreach (var entry in commit.Tree)
        {
            cancellationToken.ThrowIfCancellationRequested();
            if (entry.TargetType != TreeEntryTargetType.Tree || !CkanMetaIndex.IsIdentifier(entry.Name))
            {
                continue;
            }
            var treeId = entry.Target.Sha;
            if (!cached.TryGetValue(entry.Name, out var folder) || folder.Tree != treeId || !folder.TryRestore(out var versions))
            {
                versions = ReadFolder((Tree)entry.Target, cancellationToken);
                folder = CachedFolder.From(treeId, versions);
                read++;
            }
            folders[entry.Name] = folder;
            if (versions is not null)
            {
                highest[entry.Name] = versions;
            }
        }
        if (read > 0 || folders.Count != cached.Count)
        {
            JsonCacheFile.Save(cacheFile, folders, What, logger);
        }
        logger.LogInformation("CKAN-meta index at {Commit}: {Mods} mods, {Read} folders read from git, {Reused} reused, {Ms} ms",
            commit.Sha[..7], highest.Count, read, folders.Count - read, clock.ElapsedMilliseconds);
        return new Result(CkanMetaIndex.FromHighest(root, highest), read, folders.Count - read);
    }

    /// <summary>Highest versions of one mod folder, or null when it holds no .ckan directly inside (not a mod).</summary>
    private static HighestVersions? ReadFolder(Tree folder, CancellationToken cancellationToken)
    {
        if (!folder.Any(e => e.TargetType == TreeEntryTargetType.Blob && IsCkan(e.Name)))
        {
            return null;
        }
        var files = new List<(string Path, Blob Blob)>();
        Collect(folder, "", files);
        files.Sort((a, b) => string.CompareOrdinal(a.Path, b.Path));
        return CkanMetaIndex.HighestOf(files.Select(f => Bytes(f.Blob)), cancellationToken);
    }

    private static void Collect(Tree tree, string prefix, List<(string Path, Blob Blob)> files)
    {
        foreach (var entry in tree)
        {
            if (entry.TargetType == TreeEntryTargetType.Tree)
            {
                Collect((Tree)entry.Target, prefix + entry.Name + "/", files);
            }
            else if (entry.TargetType == TreeEntryTargetType.Blob && IsCkan(entry.Name))
            {
                files.Add((prefix + entry.Name, (Blob)entry.Target));
            }
        }
    }

    private static bool IsCkan(string name) => name.EndsWith(".ckan", StringComparison.OrdinalIgnoreCase);

    private static byte[] Bytes(Blob blob)
    {
        using var stream = blob.GetContentStream();
        var bytes = new byte[blob.Size];
        stream.ReadExactly(bytes);
        return bytes;
    }

    /// <summary>One folder's cache entry: its tree id, whether it is a mod, and its highest versions as written.</summary>
    public sealed record CachedFolder(string Tree, bool IsMod, string? Stable, string? Prerelease)
    {
        public static CachedFolder From(string tree, HighestVersions? versions) =>
            new(tree, versions is not null, versions?.Stable?.ToString(), versions?.Prerelease?.ToString());

        /// <summary>The versions back; false when a stored version no longer parses (then the folder is re-read).</summary>
        public bool TryRestore(out HighestVersions? versions)
        {
            versions = null;
            if (!IsMod)
            {
                return true;
            }
            ModuleVersion? stable = null;
            ModuleVersion? prerelease = null;
            if ((Stable is not null && !ModuleVersion.TryParse(Stable, out stable))
                || (Prerelease is not null && !ModuleVersion.TryParse(Prerelease, out prerelease)))
            {
                return false;
            }
            versions = new HighestVersions(stable, prerelease);
            return true;
        }
    }
}
