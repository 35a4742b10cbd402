namespace NetKAN.Bus.Inflator.Downloads;

/// <summary>What a downloaded file is, by its magic bytes (the original's FileIdentifier).</summary>
public enum FileKind
{
    Unknown,
    Zip,
    Gzip,
    Tar,
    TarGz,
    Ascii,
}

/// <summary>Magic-byte detection, the cache file extension and the <c>download_content_type</c> of each kind.</summary>
public static class FileKinds
{
    /// <summary>How many leading bytes <see cref="Detect"/> needs to see (the ASCII check reads 32 KiB).</summary>
    public const int PrefixLength = 32 * 1024;

    /// <summary>
    /// Detects the kind from the file's first bytes. <paramref name="gzipInner"/> is the start of the decompressed
    /// stream of a gzip file (to look for <c>ustar</c> at 257), when the caller has it.
    /// </summary>
    public static FileKind Detect(ReadOnlySpan<byte> prefix, ReadOnlySpan<byte> gzipInner = default)
    {
        if (prefix.Length >= 2 && prefix[0] == 0x1F && prefix[1] == 0x8B)
        {
            return IsTar(gzipInner) ? FileKind.TarGz : FileKind.Gzip;
        }
        if (IsTar(prefix))
        {
            return FileKind.Tar;
        }
        if (prefix.Length >= 4 && prefix[0] == (byte)'P' && prefix[1] == (byte)'K'
            && ((prefix[2] == 3 && prefix[3] == 4) || (prefix[2] == 5 && prefix[3] == 6) || (prefix[2] == 7 && prefix[3] == 8)))
        {
            return FileKind.Zip;
        }
        if (prefix.Length > 0 && !prefix[..Math.Min(prefix.Length, PrefixLength)].Contains((byte)0))
        {
            return FileKind.Ascii;
        }
        return FileKind.Unknown;
    }

    private static bool IsTar(ReadOnlySpan<byte> bytes) =>
        bytes.Length >= 262 && bytes.Slice(257, 5).SequenceEqual("ustar"u8);

    public static string Extension(this FileKind kind) => kind switch
    {
        FileKind.Zip => "zip",
        FileKind.Gzip => "gz",
        FileKind.Tar => "tar",
        FileKind.TarGz => "tar.gz",
        FileKind.Ascii => "txt",
        _ => "ckan-package",
    };

    public static string ContentType(this FileKind kind) => kind switch
    {
        FileKind.Zip => "application/zip",
        FileKind.Gzip => "application/x-gzip",
        FileKind.Tar => "application/x-tar",
        FileKind.TarGz => "application/x-compressed-tar",
        FileKind.Ascii => "text/plain",
        _ => "application/octet-stream",
    };

    public static FileKind FromExtension(string fileName)
    {
        var name = fileName.ToLowerInvariant();
        return name.EndsWith(".tar.gz", StringComparison.Ordinal) ? FileKind.TarGz
            : name.EndsWith(".zip", StringComparison.Ordinal) ? FileKind.Zip
            : name.EndsWith(".gz", StringComparison.Ordinal) ? FileKind.Gzip
            : name.EndsWith(".tar", StringComparison.Ordinal) ? FileKind.Tar
            : name.EndsWith(".txt", StringComparison.Ordinal) ? FileKind.Ascii
            : FileKind.Unknown;
    }
}
