using System.Diagnostics.CodeAnalysis;
using System.Text.RegularExpressions;

namespace NetKAN.Bus.Metadata.Documents;

/// <summary>
/// A parsed <c>$kref</c> (<c>#/ckan/&lt;source&gt;/&lt;id&gt;</c>), e.g. <c>#/ckan/github/pjf/DogeCoinFlag</c> gives
/// source <c>github</c> and id <c>pjf/DogeCoinFlag</c>. Same pattern as NetKAN-Infra's KREF_PATTERN.
/// </summary>
public sealed partial record Kref(string Source, string Id)
{
    public static bool TryParse(string? text, [NotNullWhen(true)] out Kref? kref)
    {
        kref = null;
        if (text is null)
        {
            return false;
        }
        var match = Pattern().Match(text);
        if (!match.Success)
        {
            return false;
        }
        kref = new Kref(match.Groups[1].Value, match.Groups[2].Value);
        return true;
    }

    public override string ToString() => $"#/ckan/{Source}/{Id}";

    // \z rather than $: Python's re.match with $ would also accept a trailing newline, but a kref with one is broken.
    [GeneratedRegex(@"\A#/ckan/([^/]+)/(.+)\z", RegexOptions.Singleline | RegexOptions.CultureInvariant)]
    private static partial Regex Pattern();
}
