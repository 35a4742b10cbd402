using System.Globalization;
using System.Security.Cryptography;
using System.Text;
using NetKAN.Bus.Contracts.Games;

namespace NetKAN.Bus.Contracts.Wire;

/// <summary>
/// Reading and writing attribute values the way real producers do: lenient on input
/// (<c>True</c>/<c>true</c>, <c>KSP</c>/<c>ksp</c>, paths in file names, times with or without a zone),
/// canonical on output.
/// </summary>
public static class WireValues
{
    /// <summary>The original CheckTime format: UTC, seconds precision, no zone (C# "s").</summary>
    public const string CheckTimeFormat = "yyyy-MM-ddTHH:mm:ss";

    public static string Required(WireMessage message, string name, string? identifier = null)
    {
        var value = message.Attribute(name);
        return string.IsNullOrWhiteSpace(value)
            ? throw new WireFormatException(name, "attribute is missing", identifier)
            : value;
    }

    /// <summary>A mod identifier from the wire, checked against the CKAN rule before anything (a status row, a path,
    /// a log line) is made from it. A bad one names no mod, so the message goes to the dead-letter path.</summary>
    public static string Identifier(string? text, string field) =>
        ModIdentifier.IsValid(text)
            ? text
            : throw new WireFormatException(field, $"{Quote(text)} is not a CKAN identifier ({ModIdentifier.Pattern})");

    /// <summary>A body of at most <see cref="InputLimits.MaxDocumentChars"/> characters.</summary>
    public static string Body(WireMessage message, string? identifier)
    {
        var body = message.Body ?? "";
        return body.Length <= InputLimits.MaxDocumentChars
            ? body
            : throw new WireFormatException("body",
                $"is {body.Length:N0} characters long; at most {InputLimits.MaxDocumentChars:N0} are accepted", identifier);
    }

    /// <summary>Untrusted text for an error message: at most 80 characters, control characters escaped.</summary>
    public static string Quote(string? text)
    {
        if (text is null)
        {
            return "(none)";
        }
        var cut = text.Length > 80 ? text[..80] + "…" : text;
        var builder = new StringBuilder(cut.Length + 2).Append('\'');
        foreach (var c in cut)
        {
            if (char.IsControl(c))
            {
                builder.Append("\\u").Append(((int)c).ToString("x4", CultureInfo.InvariantCulture));
            }
            else
            {
                builder.Append(c);
            }
        }
        return builder.Append('\'').ToString();
    }

    public static string? Optional(WireMessage message, string name) =>
        message.Attribute(name) is { Length: > 0 } value ? value : null;

    public static GameId Game(WireMessage message, string? identifier = null)
    {
        var text = Required(message, WireAttributes.GameId, identifier);
        return GameId.TryParse(text, out var game)
            ? game.Value
            : throw new WireFormatException(WireAttributes.GameId, $"'{text}' is not a known game (ksp, ksp2)", identifier);
    }

    public static bool Bool(WireMessage message, string name, string? identifier = null)
    {
        var text = Required(message, name, identifier);
        return bool.TryParse(text.Trim(), out var value)
            ? value
            : throw new WireFormatException(name, $"'{text}' is not True or False", identifier);
    }

    public static string FormatBool(bool value) => value ? "True" : "False";

    public static DateTimeOffset Time(WireMessage message, string name, string? identifier = null)
    {
        var text = Required(message, name, identifier);
        return DateTimeOffset.TryParse(text, CultureInfo.InvariantCulture,
            DateTimeStyles.AssumeUniversal | DateTimeStyles.AdjustToUniversal, out var time)
            ? time
            : throw new WireFormatException(name, $"'{text}' is not an ISO 8601 time", identifier);
    }

    public static string FormatTime(DateTimeOffset time) =>
        time.UtcDateTime.ToString(CheckTimeFormat, CultureInfo.InvariantCulture);

    /// <summary>The base name of a file name that may carry a path (<c>./X-1.ckan</c> → <c>X-1.ckan</c>).</summary>
    public static string BaseName(string fileName)
    {
        var cut = fileName.LastIndexOfAny(['/', '\\']);
        return cut < 0 ? fileName : fileName[(cut + 1)..];
    }

    /// <summary>Lines of a multi-line attribute; producers join with \r\n, we accept \n too.</summary>
    public static IReadOnlyList<string> Lines(string? text) =>
        string.IsNullOrEmpty(text)
            ? []
            : text.Split('\n').Select(line => line.TrimEnd('\r')).Where(line => line.Length > 0).ToArray();

    /// <summary>Hex MD5 of the body: the original's dedup id for adds and mirror requests.</summary>
    public static string Md5Hex(string body) =>
        Convert.ToHexStringLower(MD5.HashData(Encoding.UTF8.GetBytes(body)));

    /// <summary>A deterministic dedup id from several parts (SHA-256, 64 hex chars fits SQS's 128 limit).</summary>
    public static string StableId(params string?[] parts) =>
        Convert.ToHexStringLower(SHA256.HashData(Encoding.UTF8.GetBytes(string.Join("\u001f", parts))));

    /// <summary>A fresh id: inflation requests are never deduplicated, like the original's uuid4.</summary>
    public static string RandomId() => Guid.NewGuid().ToString("N");

    /// <summary>Builds the attribute map, leaving out absent values (never writing empty attributes).</summary>
    public static IReadOnlyDictionary<string, string> Attributes(params (string Name, string? Value)[] pairs)
    {
        var map = new Dictionary<string, string>(StringComparer.Ordinal);
        foreach (var (name, value) in pairs)
        {
            if (!string.IsNullOrEmpty(value))
            {
                map[name] = value;
            }
        }
        return map;
    }
}
