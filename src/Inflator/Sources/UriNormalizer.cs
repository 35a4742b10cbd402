using System.Text;

namespace NetKAN.Bus.Inflator.Sources;

/// <summary>The original's Net.NormalizeUri for resource links taken from a host.</summary>
public static class UriNormalizer
{
    /// <summary>
    /// Spaces → '+', <c>"&lt;&gt;^`(){|}[]</c> percent-escaped, <c>http://</c> prepended when there is no http(s)
    /// scheme; null when the result is still not a well-formed absolute URI.
    /// </summary>
    public static string? Normalize(string? raw)
    {
        if (string.IsNullOrWhiteSpace(raw))
        {
            return null;
        }
        var sb = new StringBuilder(raw.Length + 8);
        foreach (var c in raw.Trim())
        {
            switch (c)
            {
                case ' ': sb.Append('+'); break;
                case '"' or '<' or '>' or '^' or '`' or '(' or ')' or '{' or '|' or '}' or '[' or ']':
                    sb.Append('%').Append(((int)c).ToString("X2", System.Globalization.CultureInfo.InvariantCulture));
                    break;
                default: sb.Append(c); break;
            }
        }
        var text = sb.ToString();
        if (!text.StartsWith("http://", StringComparison.OrdinalIgnoreCase) && !text.StartsWith("https://", StringComparison.OrdinalIgnoreCase))
        {
            text = "http://" + text;
        }
        return Uri.IsWellFormedUriString(text, UriKind.Absolute) ? text : null;
    }
}
