using System.Buffers;
using System.Security.Cryptography;

namespace NetKAN.Bus.Inflator.Downloads;

/// <summary>SHA-1 and SHA-256 of the same bytes, fed once; hex is uppercase as in download_hash.</summary>
public sealed class DualHasher : IDisposable
{
    private readonly IncrementalHash _sha1 = IncrementalHash.CreateHash(HashAlgorithmName.SHA1);
    private readonly IncrementalHash _sha256 = IncrementalHash.CreateHash(HashAlgorithmName.SHA256);

    public long Length { get; private set; }

    public void Append(ReadOnlySpan<byte> data)
    {
        _sha1.AppendData(data);
        _sha256.AppendData(data);
        Length += data.Length;
    }

    public (string Sha1, string Sha256) Finish() =>
        (Convert.ToHexString(_sha1.GetHashAndReset()), Convert.ToHexString(_sha256.GetHashAndReset()));

    /// <summary>Hashes a whole file in one read pass.</summary>
    public static async Task<(string Sha1, string Sha256, long Length)> HashFileAsync(string path, CancellationToken ct)
    {
        using var hasher = new DualHasher();
        var buffer = ArrayPool<byte>.Shared.Rent(1 << 20);
        try
        {
            await using var file = new FileStream(path, FileMode.Open, FileAccess.Read, FileShare.Read, 1, FileOptions.SequentialScan | FileOptions.Asynchronous);
            int read;
            while ((read = await file.ReadAsync(buffer.AsMemory(0, buffer.Length), ct).ConfigureAwait(false)) > 0)
            {
                hasher.Append(buffer.AsSpan(0, read));
            }
        }
        finally
        {
            ArrayPool<byte>.Shared.Return(buffer);
        }
        var (sha1, sha256) = hasher.Finish();
        return (sha1, sha256, hasher.Length);
    }

    public void Dispose()
    {
        _sha1.Dispose();
        _sha256.Dispose();
    }
}
