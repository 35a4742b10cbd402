using System.IO.Compression;
using System.Text;

namespace NetKAN.Bus.Services.Demo;

/// <summary>Builds a sample mod's release zip in memory, byte-for-byte the same on every run (fixed timestamps).</summary>
public static class SampleZip
{
    private static readonly DateTimeOffset Stamp = new(2026, 1, 1, 0, 0, 0, TimeSpan.Zero);

    public static byte[] Build(SampleMod mod)
    {
        using var buffer = new MemoryStream();
        using (var zip = new ZipArchive(buffer, ZipArchiveMode.Create, leaveOpen: true))
        {
            foreach (var (path, content) in mod.Files)
            {
                var entry = zip.CreateEntry(path, CompressionLevel.Optimal);
                entry.LastWriteTime = Stamp;
                using var stream = entry.Open();
                stream.Write(Encoding.UTF8.GetBytes(content));
            }
        }
        return buffer.ToArray();
    }
}
