using System.Globalization;
using System.Security.Cryptography;
using System.Text;
using LibGit2Sharp;

namespace NetKAN.Bus.Services.Git;

/// <summary>
/// Git's object formats, written directly: the id a blob would get, and the raw bytes of a commit.
/// Lets the indexer decide "unchanged" by hashing the message body instead of reading files, and build commits
/// without going through the 30,000-entry index.
/// </summary>
public static class GitObjectFormat
{
    /// <summary>The object id git gives a blob with these bytes (SHA-1 of "blob &lt;size&gt;\0" + bytes).</summary>
    public static ObjectId BlobId(ReadOnlySpan<byte> content)
    {
        Span<byte> header = stackalloc byte[32];
        var headerLength = Encoding.ASCII.GetBytes($"blob {content.Length.ToString(CultureInfo.InvariantCulture)}\0", header);
        using var sha1 = IncrementalHash.CreateHash(HashAlgorithmName.SHA1);
        sha1.AppendData(header[..headerLength]);
        sha1.AppendData(content);
        Span<byte> hash = stackalloc byte[20];
        sha1.GetHashAndReset(hash);
        return new ObjectId(hash.ToArray());
    }

    /// <summary>The raw commit object: tree, parents, author and committer lines, blank line, message.</summary>
    public static byte[] Commit(ObjectId tree, IEnumerable<ObjectId> parents, Signature author, Signature committer, string message)
    {
        var text = new StringBuilder();
        text.Append("tree ").Append(tree.Sha).Append('\n');
        foreach (var parent in parents)
        {
            text.Append("parent ").Append(parent.Sha).Append('\n');
        }
        text.Append("author ").Append(SignatureLine(author)).Append('\n');
        text.Append("committer ").Append(SignatureLine(committer)).Append('\n');
        text.Append('\n').Append(message.EndsWith('\n') ? message : message + "\n");
        return Encoding.UTF8.GetBytes(text.ToString());
    }

    private static string SignatureLine(Signature signature)
    {
        var when = signature.When;
        var offset = when.Offset;
        var sign = offset < TimeSpan.Zero ? '-' : '+';
        offset = offset.Duration();
        return string.Create(CultureInfo.InvariantCulture,
            $"{signature.Name} <{signature.Email}> {when.ToUnixTimeSeconds()} {sign}{offset.Hours:00}{offset.Minutes:00}");
    }
}
