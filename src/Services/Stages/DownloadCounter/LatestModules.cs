using System.Collections.Concurrent;
using NetKAN.Bus.Metadata;
using NetKAN.Bus.Metadata.Ckan;
using NetKAN.Bus.Metadata.CkanMeta;

namespace NetKAN.Bus.Services.DownloadCounter;

/// <summary>
/// The latest stable module of every mod in a CKAN-meta folder, as the original's <c>all_latest_modules()</c>: mod
/// folders as <see cref="CkanMetaIndex"/> defines them, every <c>*.ckan</c> below parsed, the highest non-prerelease
/// version kept (on a tie the first file in ordinal path order). Unreadable files are skipped.
/// </summary>
public static class LatestModules
{
    public static IReadOnlyList<CkanModule> Scan(string ckanMetaDir, CancellationToken cancellationToken = default)
    {
        var folders = Directory.EnumerateDirectories(ckanMetaDir)
            .Where(dir => CkanMetaIndex.IsIdentifier(Path.GetFileName(dir)) && Directory.EnumerateFiles(dir, "*.ckan").Any())
            .ToArray();
        var latest = new ConcurrentBag<CkanModule>();
        Parallel.ForEach(folders, new ParallelOptions { CancellationToken = cancellationToken }, folder =>
        {
            var files = Directory.GetFiles(folder, "*.ckan", SearchOption.AllDirectories);
            Array.Sort(files, StringComparer.Ordinal);
            CkanModule? best = null;
            foreach (var file in files)
            {
                CkanModule module;
                try
                {
                    module = CkanModule.Parse(File.ReadAllText(file), file);
                }
                catch (Exception e) when (e is MetadataException or IOException)
                {
                    continue;
                }
                if (!module.IsPrerelease && (best is null || module.Version > best.Version))
                {
                    best = module;
                }
            }
            if (best is not null)
            {
                latest.Add(best);
            }
        });
        return latest.OrderBy(x => x.Identifier, StringComparer.Ordinal).ToList();
    }
}
