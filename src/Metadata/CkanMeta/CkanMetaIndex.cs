using NetKAN.Bus.Contracts.Games;
using System.Collections.Concurrent;
using System.Text.Json;
using NetKAN.Bus.Metadata.Ckan;
using NetKAN.Bus.Metadata.Versions;

namespace NetKAN.Bus.Metadata.CkanMeta;

/// <summary>The highest stable and prerelease versions of one mod in CKAN-meta (either may be absent).</summary>
public sealed record HighestVersions(ModuleVersion? Stable, ModuleVersion? Prerelease);

/// <summary>
/// What the scheduler needs from a CKAN-meta checkout: which mods exist and their highest stable/prerelease
/// versions, i.e. the HighestVersion and HighestVersionPrerelease message attributes (netkan-infra.md §1.2).
/// </summary>
/// <remarks>
/// <list type="bullet">
/// <item>A mod is a top-level folder whose whole name matches <c>^[A-Za-z0-9][A-Za-z0-9-]+$</c> and that has at
/// least one <c>*.ckan</c> directly inside; its modules are all <c>*.ckan</c> files below it.</item>
/// <item>Prerelease means <c>release_status</c> testing or development; the highest is the CKAN-order maximum, and on
/// a tie (1.01 vs 1.1) the first file in ordinal path order wins.</item>
/// <item>Scanning reads only <c>version</c> and <c>release_status</c> with <see cref="Utf8JsonReader"/>, files in
/// parallel. After the scan, <see cref="Record"/> keeps it current as the indexer commits new files.</item>
/// <item>Thread-safe: readers see immutable snapshots; <see cref="Record"/> serialises writers.</item>
/// </list>
/// </remarks>
public sealed class CkanMetaIndex
{
    private readonly object _writeLock = new();
    private readonly ConcurrentDictionary<string, HighestVersions> _highest;
    private volatile string[] _identifiers;

    private CkanMetaIndex(string root, Dictionary<string, HighestVersions> highest)
    {
        Root = root;
        _highest = new ConcurrentDictionary<string, HighestVersions>(highest, StringComparer.Ordinal);
        _identifiers = highest.Keys.Order(StringComparer.Ordinal).ToArray();
    }

    /// <summary>The CKAN-meta folder that was scanned.</summary>
    public string Root { get; }

    /// <summary>Mod identifiers, sorted ordinally.</summary>
    public IReadOnlyList<string> Identifiers => _identifiers;

    /// <summary>True when <paramref name="name"/> is a valid CKAN identifier (the folder rule above).</summary>
    public static bool IsIdentifier(string name) => ModIdentifier.IsValid(name);

    public static CkanMetaIndex Scan(string ckanMetaDir, CancellationToken ct = default)
    {
        ArgumentNullException.ThrowIfNull(ckanMetaDir);
        if (!Directory.Exists(ckanMetaDir))
        {
            throw new DirectoryNotFoundException($"CKAN-meta folder not found: {ckanMetaDir}");
        }

        var mods = Directory.EnumerateDirectories(ckanMetaDir)
            .Where(dir => IsIdentifier(Path.GetFileName(dir)))
            .Where(dir => Directory.EnumerateFiles(dir, "*.ckan").Any())
            .ToArray();

        var results = new ConcurrentDictionary<string, HighestVersions>(StringComparer.Ordinal);
        Parallel.ForEach(mods, new ParallelOptions { CancellationToken = ct }, dir =>
        {
            var files = Directory.GetFiles(dir, "*.ckan", SearchOption.AllDirectories);
            Array.Sort(files, StringComparer.Ordinal);
            results[Path.GetFileName(dir)] = HighestOf(files.Select(ReadBytes), ct);
        });
        return new CkanMetaIndex(ckanMetaDir, new Dictionary<string, HighestVersions>(results, StringComparer.Ordinal));
    }

    /// <summary>An index from highest versions computed elsewhere (e.g. a cache keyed by git tree ids).</summary>
    public static CkanMetaIndex FromHighest(string root, IReadOnlyDictionary<string, HighestVersions> highest) =>
        new(root, new Dictionary<string, HighestVersions>(highest, StringComparer.Ordinal));

    /// <summary>
    /// The highest versions among one mod's .ckan files, given in ordinal path order (null entries are unreadable
    /// files and are skipped). Strictly greater wins, so on a tie (1.01 vs 1.1) the earlier file stays.
    /// </summary>
    public static HighestVersions HighestOf(IEnumerable<byte[]?> files, CancellationToken ct = default)
    {
        ModuleVersion? stable = null;
        ModuleVersion? prerelease = null;
        foreach (var bytes in files)
        {
            ct.ThrowIfCancellationRequested();
            var (version, isPrerelease) = bytes is null ? (null, false) : ReadVersion(bytes);
            if (version is null)
            {
                continue;
            }
            if (isPrerelease)
            {
                if (prerelease is null || version > prerelease)
                {
                    prerelease = version;
                }
            }
            else if (stable is null || version > stable)
            {
                stable = version;
            }
        }
        return new HighestVersions(stable, prerelease);
    }

    /// <summary>The highest versions of a mod, or null when CKAN-meta has no such mod.</summary>
    public HighestVersions? Get(string identifier) =>
        _highest.TryGetValue(identifier, out var versions) ? versions : null;

    /// <summary>Takes a module the indexer just committed into account (adds the mod if it is new).</summary>
    public void Record(string identifier, CkanModule module)
    {
        ArgumentNullException.ThrowIfNull(identifier);
        ArgumentNullException.ThrowIfNull(module);
        if (!string.Equals(identifier, module.Identifier, StringComparison.Ordinal))
        {
            throw new ArgumentException($"Module {module.Identifier} recorded under identifier {identifier}", nameof(module));
        }
        if (!IsIdentifier(identifier))
        {
            throw new ArgumentException($"\"{identifier}\" is not a valid CKAN identifier", nameof(identifier));
        }

        lock (_writeLock)
        {
            var current = _highest.GetValueOrDefault(identifier) ?? new HighestVersions(null, null);
            var updated = module.IsPrerelease
                ? current with { Prerelease = Max(current.Prerelease, module.Version) }
                : current with { Stable = Max(current.Stable, module.Version) };
            var isNew = !_highest.ContainsKey(identifier);
            _highest[identifier] = updated;
            if (isNew)
            {
                _identifiers = _identifiers.Append(identifier).Order(StringComparer.Ordinal).ToArray();
            }
        }
    }

    private static ModuleVersion Max(ModuleVersion? current, ModuleVersion candidate) =>
        current is null || candidate > current ? candidate : current;

    private static byte[]? ReadBytes(string file)
    {
        try
        {
            return File.ReadAllBytes(file);
        }
        catch (IOException)
        {
            // Vanished between listing and reading (a concurrent pull): skip it, the next scan will see the truth.
            return null;
        }
    }

    /// <summary>Reads the top-level <c>version</c> and <c>release_status</c> without building a document.</summary>
    internal static (ModuleVersion? Version, bool IsPrerelease) ReadVersion(byte[] bytes)
    {
        try
        {
            var reader = new Utf8JsonReader(Utf8.WithoutBom(bytes).Span, new JsonReaderOptions { CommentHandling = JsonCommentHandling.Skip });
            string? version = null;
            string? status = null;
            if (!reader.Read() || reader.TokenType != JsonTokenType.StartObject)
            {
                return (null, false);
            }
            while (reader.Read() && reader.TokenType == JsonTokenType.PropertyName)
            {
                var isVersion = reader.ValueTextEquals("version"u8);
                var isStatus = !isVersion && reader.ValueTextEquals("release_status"u8);
                reader.Read();
                if (isVersion && reader.TokenType == JsonTokenType.String)
                {
                    version = reader.GetString();
                }
                else if (isStatus && reader.TokenType == JsonTokenType.String)
                {
                    status = reader.GetString();
                }
                else
                {
                    reader.Skip();
                }
            }
            return version is not null && ModuleVersion.TryParse(version, out var parsed)
                ? (parsed, CkanModule.IsPrereleaseStatus(status))
                : (null, false);
        }
        catch (JsonException)
        {
            // A broken file has no version to offer; NetKAN-Infra's scan would fail on it too, we just skip it.
            return (null, false);
        }
    }
}
