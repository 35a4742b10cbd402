namespace NetKAN.Bus.Inflator.Install;

/// <summary>
/// What a downloaded zip may hold before the inflator refuses it. Far above real mods (the biggest KSP packages hold
/// a few thousand files and a few GB), far below what would exhaust a host (zip bombs, millions of entries, entry
/// names that forge paths or log lines).
/// </summary>
public static class PackageLimits
{
    /// <summary>Entries (files and folders) in one zip.</summary>
    public const int MaxEntries = 100_000;

    /// <summary>Total unpacked bytes of one zip (16 GiB).</summary>
    public const long MaxUnpackedBytes = 16L << 30;

    /// <summary>Characters of one entry name.</summary>
    public const int MaxEntryNameLength = 1024;

    /// <summary>Bytes of one text file read out of a zip (a .version, .ckan, .cfg file).</summary>
    public const int MaxTextBytes = 4 << 20;

    /// <summary>Null when the entries are within the limits, otherwise the reason.</summary>
    public static string? Check(IReadOnlyCollection<(string Name, long Length)> entries)
    {
        if (entries.Count > MaxEntries)
        {
            return $"it holds {entries.Count:N0} entries; at most {MaxEntries:N0} are accepted";
        }
        long total = 0;
        foreach (var (name, length) in entries)
        {
            if (name.Length == 0 || name.Length > MaxEntryNameLength)
            {
                return $"an entry name is {name.Length:N0} characters long; 1 to {MaxEntryNameLength} are accepted";
            }
            if (name.Any(char.IsControl))
            {
                return "an entry name contains control characters";
            }
            total += Math.Max(0, length);
            if (total > MaxUnpackedBytes)
            {
                return $"it unpacks to more than {MaxUnpackedBytes:N0} bytes";
            }
        }
        return null;
    }
}
