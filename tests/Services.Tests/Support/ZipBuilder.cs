using System.IO.Compression;
using System.Text;

namespace NetKAN.Bus.Services.Tests.Support;

/// <summary>Builds zip archives in memory from (path, text) entries; a path ending in '/' is a folder entry.</summary>
public static class ZipBuilder
{
    private static readonly DateTimeOffset Stamp = new(2026, 1, 1, 0, 0, 0, TimeSpan.Zero);

    public static byte[] Build(params (string Path, string Content)[] entries)
    {
        using var buffer = new MemoryStream();
        using (var zip = new ZipArchive(buffer, ZipArchiveMode.Create, leaveOpen: true))
        {
            foreach (var (path, content) in entries)
            {
                var entry = zip.CreateEntry(path, CompressionLevel.Fastest);
                entry.LastWriteTime = Stamp;
                if (!path.EndsWith('/'))
                {
                    using var stream = entry.Open();
                    stream.Write(Encoding.UTF8.GetBytes(content));
                }
            }
        }
        return buffer.ToArray();
    }
}
