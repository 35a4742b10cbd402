using System.Text.RegularExpressions;

namespace NetKAN.Bus.Contracts.Games;

/// <summary>
/// The one home of the CKAN identifier rule (CKAN.schema: <c>^[A-Za-z0-9][A-Za-z0-9-]+$</c>). Anchored with
/// <c>\A…\z</c> so a trailing newline never passes, as <c>$</c> would let it.
/// </summary>
public static partial class ModIdentifier
{
    /// <summary>The rule as CKAN.schema writes it, for messages.</summary>
    public const string Pattern = "^[A-Za-z0-9][A-Za-z0-9-]+$";

    public static bool IsValid(string? value) => value is not null && Rule().IsMatch(value);

    [GeneratedRegex(@"\A[A-Za-z0-9][A-Za-z0-9-]+\z", RegexOptions.CultureInvariant)]
    private static partial Regex Rule();
}
