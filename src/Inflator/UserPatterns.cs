using System.Text.RegularExpressions;

namespace NetKAN.Bus.Inflator;

/// <summary>Regexes written by netkan authors (.NET syntax): a bad one is an error naming the mod and the field.</summary>
internal static class UserPatterns
{
    private static readonly TimeSpan Timeout = TimeSpan.FromSeconds(2);

    public static Regex Create(string pattern, string field, string identifier, RegexOptions options = RegexOptions.None)
    {
        try
        {
            return new Regex(pattern, options | RegexOptions.CultureInvariant, Timeout);
        }
        catch (ArgumentException e)
        {
            throw new InflationException($"{identifier}: invalid {field} regex {pattern}: {e.Message}", e);
        }
    }
}
