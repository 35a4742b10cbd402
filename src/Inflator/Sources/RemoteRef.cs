using System.Text.RegularExpressions;

namespace NetKAN.Bus.Inflator.Sources;

/// <summary>A <c>$kref</c> or <c>$vref</c>: <c>#/ckan/{source}[/{id}]</c>.</summary>
public sealed partial record RemoteRef(string Source, string? Id)
{
    public static RemoteRef? TryParse(string? text)
    {
        if (text is null)
        {
            return null;
        }
        var m = Pattern().Match(text);
        return m.Success ? new RemoteRef(m.Groups["source"].Value, m.Groups["id"].Success ? m.Groups["id"].Value : null) : null;
    }

    /// <summary>Parses a reference or throws the original's <c>Could not parse reference</c> error.</summary>
    public static RemoteRef Parse(string text) =>
        TryParse(text) ?? throw new InflationException($"Could not parse reference: \"{text}\"");

    public override string ToString() => Id is null ? $"#/ckan/{Source}" : $"#/ckan/{Source}/{Id}";

    [GeneratedRegex("^#/ckan/(?<source>[^/]+)(?:/(?<id>.+))?", RegexOptions.Singleline)]
    private static partial Regex Pattern();
}
