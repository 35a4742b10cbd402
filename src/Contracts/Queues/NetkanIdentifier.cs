using System.Text.RegularExpressions;

namespace NetKAN.Bus.Contracts.Queues;

/// <summary>
/// Finds the identifier in raw .netkan text (JSON or YAML) without a full parse, so that a message can be grouped,
/// logged and have its errors recorded against the right mod even when the netkan itself does not parse.
/// </summary>
public static partial class NetkanIdentifier
{
    // A key named identifier at the start of a line (YAML) or after { or , (JSON, also on one line).
    [GeneratedRegex("""(?:^|[{,])\s*["']?identifier["']?\s*:\s*["']?(?<id>[A-Za-z0-9][A-Za-z0-9-]*)""",
        RegexOptions.Multiline | RegexOptions.CultureInvariant)]
    private static partial Regex IdentifierLine();

    public static string? Find(string netkanText)
    {
        var match = IdentifierLine().Match(netkanText);
        return match.Success ? match.Groups["id"].Value : null;
    }
}
