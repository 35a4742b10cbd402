using System.IO.Compression;
using System.Text;

namespace NetKAN.Bus.Inflator.Install;

/// <summary>One entry of a package: its path with forward slashes, whether it is a folder, its unpacked size.</summary>
public sealed record PackageEntry(string Name, bool IsDirectory, long Length);

/// <summary>The entries of a downloaded zip, read once, plus access to their text.</summary>
public sealed class PackageContents : IDisposable
{
    private readonly ZipArchive _archive;
    private readonly Dictionary<string, ZipArchiveEntry> _byName = new(StringComparer.Ordinal);
    private readonly object _gate = new();

    private PackageContents(ZipArchive archive)
    {
        _archive = archive;
        var entries = new List<PackageEntry>(archive.Entries.Count);
        foreach (var entry in archive.Entries)
        {
            var name = entry.FullName.Replace('\\', '/');
            var isDir = name.EndsWith('/');
            entries.Add(new PackageEntry(name, isDir, entry.Length));
            _byName.TryAdd(name, entry);
        }
        Entries = entries;
    }

    public IReadOnlyList<PackageEntry> Entries { get; }

    public static PackageContents Open(string path)
    {
        var archive = ZipFile.OpenRead(path);
        if (PackageLimits.Check(archive.Entries.Select(e => (e.FullName, e.Length)).ToList()) is { } reason)
        {
            archive.Dispose();
            throw new InflationException($"The package {Path.GetFileName(path)} is refused: {reason}");
        }
        return new PackageContents(archive);
    }

    /// <summary>The text of an entry (UTF-8, BOM skipped); at most <see cref="PackageLimits.MaxTextBytes"/> bytes.</summary>
    public string ReadText(PackageEntry entry)
    {
        if (entry.Length > PackageLimits.MaxTextBytes)
        {
            throw new InflationException(
                $"{entry.Name} in the package is {entry.Length:N0} bytes; text files of at most {PackageLimits.MaxTextBytes:N0} bytes are read");
        }
        lock (_gate)
        {
            using var stream = _byName[entry.Name].Open();
            using var reader = new StreamReader(stream, Encoding.UTF8, detectEncodingFromByteOrderMarks: true);
            return reader.ReadToEnd();
        }
    }

    public void Dispose() => _archive.Dispose();
}
