using System.Text.Json.Nodes;

namespace NetKAN.Bus.Metadata.Ckan;

/// <summary>
/// The key order the CKAN inflator's PropertySortTransformer gives a .ckan file (inflator.md §5): known keys in a
/// fixed order, then other keys, then <c>x_*</c> keys, then <c>x_generated_by</c>; the same scheme inside
/// <c>resources</c>. Ties inside a group are broken ordinally; the inflator uses .NET's default comparer, and
/// ordinal order reproduces every recent CKAN-meta file.
/// </summary>
public static class CkanPropertyOrder
{
    private static readonly string[] TopLevelKeys =
    [
        "spec_version", "comment", "identifier", "name", "abstract", "description", "author", "$kref", "$vref",
        "version", "ksp_version", "ksp_version_min", "ksp_version_max", "ksp_version_strict", "license",
        "release_status", "resources", "tags", "localizations", "provides", "depends", "recommends", "suggests",
        "supports", "conflicts", "install", "download", "download_size", "download_hash", "download_content_type",
        "install_size", "release_date",
    ];

    private static readonly string[] ResourceKeys =
        ["homepage", "spacedock", "curse", "repository", "bugtracker", "ci", "license", "manual"];

    /// <summary>Orders top-level .ckan keys.</summary>
    public static IComparer<string> TopLevel { get; } = new GroupComparer(TopLevelKeys, lastKey: "x_generated_by");

    /// <summary>Orders the keys inside <c>resources</c>.</summary>
    public static IComparer<string> Resources { get; } = new GroupComparer(ResourceKeys, lastKey: null);

    /// <summary>
    /// Reorders <paramref name="module"/> in place (top level and <c>resources</c>; other nested objects keep
    /// their order) and returns it.
    /// </summary>
    public static JsonObject Sort(JsonObject module)
    {
        ArgumentNullException.ThrowIfNull(module);
        Reorder(module, TopLevel);
        if (module["resources"] is JsonObject resources)
        {
            Reorder(resources, Resources);
        }
        return module;
    }

    private static void Reorder(JsonObject obj, IComparer<string> order)
    {
        var properties = obj.ToList();
        properties.Sort((a, b) => order.Compare(a.Key, b.Key));
        obj.Clear();
        foreach (var (key, value) in properties)
        {
            obj.Add(key, value);
        }
    }

    private sealed class GroupComparer : IComparer<string>
    {
        private const int Other = int.MaxValue - 2;
        private const int Extension = int.MaxValue - 1;
        private const int Last = int.MaxValue;

        private readonly Dictionary<string, int> _rank;

        public GroupComparer(string[] keys, string? lastKey)
        {
            _rank = new Dictionary<string, int>(StringComparer.Ordinal);
            for (var i = 0; i < keys.Length; i++)
            {
                _rank[keys[i]] = i;
            }
            if (lastKey is not null)
            {
                _rank[lastKey] = Last;
            }
        }

        public int Compare(string? x, string? y)
        {
            var byRank = Rank(x).CompareTo(Rank(y));
            return byRank != 0 ? byRank : string.CompareOrdinal(x, y);
        }

        private int Rank(string? key) =>
            key is null ? -1
            : _rank.TryGetValue(key, out var rank) ? rank
            : key.StartsWith("x_", StringComparison.Ordinal) ? Extension
            : Other;
    }
}
