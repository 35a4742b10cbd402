using System.Security.Cryptography;
using System.Text;

namespace NetKAN.Bus.Webhooks.Security;

public enum SignatureCheck
{
    Valid,

    /// <summary>No secret configured: we cannot tell a real delivery from a forged one.</summary>
    NoSecret,

    /// <summary>Neither header, or only the SHA-1 header while SHA-1 is not allowed.</summary>
    Missing,

    /// <summary>A signature was given and does not match the body.</summary>
    Mismatch,
}

/// <summary>
/// GitHub's webhook signatures: <c>X-Hub-Signature-256: sha256=&lt;hex HMAC-SHA256(secret, raw body)&gt;</c>, and the
/// legacy <c>X-Hub-Signature: sha1=…</c> that the original checked. Compared in constant time.
/// </summary>
public static class GitHubSignature
{
    public const string Sha256Header = "X-Hub-Signature-256";
    public const string Sha1Header = "X-Hub-Signature";

    public static SignatureCheck Verify(ReadOnlySpan<byte> body, string? secret, string? sha256Header, string? sha1Header,
        bool allowSha1)
    {
        if (string.IsNullOrEmpty(secret))
        {
            return SignatureCheck.NoSecret;
        }
        var key = Encoding.UTF8.GetBytes(secret);
        if (!string.IsNullOrEmpty(sha256Header))
        {
            return Matches(sha256Header, "sha256=", HMACSHA256.HashData(key, body));
        }
        if (allowSha1 && !string.IsNullOrEmpty(sha1Header))
        {
            return Matches(sha1Header, "sha1=", HMACSHA1.HashData(key, body));
        }
        return SignatureCheck.Missing;
    }

    /// <summary>The header value GitHub would send for this body (tests and tools).</summary>
    public static string Sign256(ReadOnlySpan<byte> body, string secret) =>
        "sha256=" + Convert.ToHexStringLower(HMACSHA256.HashData(Encoding.UTF8.GetBytes(secret), body));

    public static string Sign1(ReadOnlySpan<byte> body, string secret) =>
        "sha1=" + Convert.ToHexStringLower(HMACSHA1.HashData(Encoding.UTF8.GetBytes(secret), body));

    private static SignatureCheck Matches(string header, string prefix, byte[] expected)
    {
        var value = header.Trim();
        if (!value.StartsWith(prefix, StringComparison.OrdinalIgnoreCase))
        {
            return SignatureCheck.Mismatch;
        }
        byte[] given;
        try
        {
            given = Convert.FromHexString(value.AsSpan(prefix.Length));
        }
        catch (FormatException)
        {
            return SignatureCheck.Mismatch;
        }
        return CryptographicOperations.FixedTimeEquals(given, expected) ? SignatureCheck.Valid : SignatureCheck.Mismatch;
    }
}
