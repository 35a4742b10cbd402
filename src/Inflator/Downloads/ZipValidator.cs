using System.Buffers;
using System.IO.Compression;
using NetKAN.Bus.Inflator.Install;

namespace NetKAN.Bus.Inflator.Downloads;

/// <summary>
/// Tests a zip like SharpZipLib's TestArchive: the central directory must read, and every entry must decompress
/// to its recorded length with a matching CRC-32. A zip beyond <see cref="PackageLimits"/> is refused before any entry
/// is unpacked, and unpacking stops at an entry's recorded length (a lying header cannot make it unpack for ever).
/// </summary>
public static class ZipValidator
{
    /// <summary>Null when the zip is valid, otherwise the reason.</summary>
    public static string? Check(string path)
    {
        var buffer = ArrayPool<byte>.Shared.Rent(81920);
        try
        {
            using var archive = ZipFile.OpenRead(path);
            if (PackageLimits.Check(archive.Entries.Select(e => (e.FullName, e.Length)).ToList()) is { } tooMuch)
            {
                return tooMuch;
            }
            foreach (var entry in archive.Entries)
            {
                if (entry.FullName.EndsWith('/') && entry.Length == 0)
                {
                    continue;
                }
                uint crc = 0;
                long total = 0;
                using (var stream = entry.Open())
                {
                    int read;
                    while ((read = stream.Read(buffer, 0, buffer.Length)) > 0)
                    {
                        crc = Crc32.Append(crc, buffer.AsSpan(0, read));
                        total += read;
                        if (total > entry.Length)
                        {
                            return $"entry {entry.FullName} unpacks to more than the {entry.Length} bytes it declares";
                        }
                    }
                }
                if (total != entry.Length)
                {
                    return $"entry {entry.FullName} has {total} bytes, expected {entry.Length}";
                }
                if (crc != entry.Crc32)
                {
                    return $"entry {entry.FullName} has CRC {crc:X8}, expected {entry.Crc32:X8}";
                }
            }
            return null;
        }
        catch (InvalidDataException e)
        {
            return e.Message;
        }
        catch (IOException e)
        {
            return e.Message;
        }
        finally
        {
            ArrayPool<byte>.Shared.Return(buffer);
        }
    }
}
