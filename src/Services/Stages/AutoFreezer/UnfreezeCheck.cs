using System.Globalization;
using System.Text.RegularExpressions;
using NetKAN.Bus.Metadata.Versions;

namespace NetKAN.Bus.Services.AutoFreezer;

/// <summary>
/// Whether a frozen mod's newest upstream release is newer than what CKAN-meta has. Versions are compared without
/// an epoch and without a leading non-digit prefix (<c>v1.2</c> = <c>1.2</c>), since netkans often strip tag prefixes:
/// the same version is never news. Otherwise, when the mod's status row knows its release date, a release published
/// more than an hour later is news; without a date, a higher version (CKAN's ordering) is.
/// </summary>
public static partial class UnfreezeCheck
{
    private static readonly TimeSpan Tolerance = TimeSpan.FromHours(1);

    /// <summary>The reason to suggest unfreezing, or null.</summary>
    public static string? Reason(UpstreamRelease upstream, ModuleVersion? indexed, DateTimeOffset? indexedReleased)
    {
        var upstreamVersion = Normalize(upstream.Version);
        if (indexed is not null && upstreamVersion == Normalize(indexed.ToString()))
        {
            return null;
        }
        bool newer;
        if (upstream.Released is { } released && indexedReleased is { } known)
        {
            newer = released > known + Tolerance;
        }
        else if (indexed is not null && ModuleVersion.TryParse(upstreamVersion, out var upstreamParsed)
                 && ModuleVersion.TryParse(Normalize(indexed.ToString()), out var indexedParsed))
        {
            newer = upstreamParsed > indexedParsed;
        }
        else
        {
            return null;
        }
        return newer
            ? $"{upstream.Where} has {upstream.Version}{Date(upstream.Released)}; the newest indexed is {indexed?.ToString() ?? "(none)"}{Date(indexedReleased)}"
            : null;
    }

    private static string Normalize(string version) => LeadingNonDigits().Replace(Epoch().Replace(version, ""), "");

    private static string Date(DateTimeOffset? date) =>
        date is { } d ? $" (released {d.UtcDateTime.ToString("yyyy-MM-dd", CultureInfo.InvariantCulture)})" : "";

    [GeneratedRegex("^[0-9]+:")]
    private static partial Regex Epoch();

    [GeneratedRegex("^[^0-9]+")]
    private static partial Regex LeadingNonDigits();
}
