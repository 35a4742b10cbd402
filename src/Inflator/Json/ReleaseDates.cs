using System.Globalization;

namespace NetKAN.Bus.Inflator.Json;

/// <summary><c>release_date</c> as the current inflator writes it: UTC, 'Z', fractional seconds trimmed.</summary>
internal static class ReleaseDates
{
    public static string Format(DateTimeOffset value)
    {
        var text = value.UtcDateTime.ToString("yyyy-MM-dd'T'HH:mm:ss.FFFFFFF", CultureInfo.InvariantCulture);
        return text.TrimEnd('.') + "Z";
    }

    /// <summary>Reformats a host's timestamp; leaves unparseable text as it was.</summary>
    public static string? Normalize(string? text) =>
        text is null ? null
        : DateTimeOffset.TryParse(text, CultureInfo.InvariantCulture, DateTimeStyles.AssumeUniversal, out var value) ? Format(value)
        : text;
}
