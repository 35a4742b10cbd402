using System.IO.Compression;
using System.Text;

namespace NetKAN.Bus.TestSupport;

/// <summary>Builds deterministic zips in memory (fixed timestamps), so hashes are stable across runs; a path ending in
/// '/' is a folder entry.</summary>
public sealed class ZipBuilder
{
    private static readonly DateTimeOffset Stamp = new(2026, 1, 2, 3, 4, 6, TimeSpan.Zero);
    private readonly List<(string Path, byte[]? Content)> _entries = [];

    /// <summary>A zip of (path, text) entries in one call.</summary>
    public static byte[] Build(params (string Path, string Content)[] entries)
    {
        var zip = new ZipBuilder();
        foreach (var (path, content) in entries)
        {
            if (path.EndsWith('/'))
            {
                zip.Folder(path);
            }
            else
            {
                zip.File(path, content);
            }
        }
        return zip.Build();
    }

    public ZipBuilder File(string path, string content) => File(path, Encoding.UTF8.GetBytes(content));

    public ZipBuilder File(string path, byte[] content)
    {
        _entries.Add((path, content));
        return this;
    }

    public ZipBuilder Folder(string path)
    {
        _entries.Add((path.TrimEnd('/') + "/", null));
        return this;
    }

    public IReadOnlyList<string> Paths => _entries.Select(e => e.Path).ToList();

    public byte[] Build()
    {
        using var memory = new MemoryStream();
        using (var zip = new ZipArchive(memory, ZipArchiveMode.Create, leaveOpen: true))
        {
            foreach (var (path, content) in _entries)
            {
                var entry = zip.CreateEntry(path, CompressionLevel.Optimal);
                entry.LastWriteTime = Stamp;
                if (content is not null)
                {
                    using var stream = entry.Open();
                    stream.Write(content);
                }
            }
        }
        return memory.ToArray();
    }
}
