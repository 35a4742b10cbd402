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

    /// <summary>CKAN identifiers are short (the longest CKAN-meta folder has 60 characters); anything longer is not
    /// one, whatever a caller sends.</summary>
    public const int MaxLength = 100;

    public static bool IsValid([System.Diagnostics.CodeAnalysis.NotNullWhen(true)] string? value) =>
        value is { Length: > 0 and <= MaxLength } && Rule().IsMatch(value);

    [GeneratedRegex(@"\A[A-Za-z0-9][A-Za-z0-9-]+\z", RegexOptions.CultureInvariant)]
    private static partial Regex Rule();
}
