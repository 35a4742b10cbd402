using System.Diagnostics.CodeAnalysis;
using System.Text.RegularExpressions;

namespace NetKAN.Bus.Metadata;

/// <summary>
/// The CKAN identifier rule, in one place: <c>^[A-Za-z0-9][A-Za-z0-9-]+$</c> (CKAN.schema's
/// <c>definitions/identifier</c>). Every place that names a mod from outside input — a queue message, a webhook, a
/// CKAN-meta folder, a netkan — checks it here before a status row, a file path or a log line is made from it.
/// </summary>
public static partial class CkanIdentifier
{
    /// <summary>The schema's pattern, for messages.</summary>
    public const string Rule = "^[A-Za-z0-9][A-Za-z0-9-]+$";

    /// <summary>CKAN identifiers are short (the longest CKAN-meta folder has 60 characters); anything longer is not one.</summary>
    public const int MaxLength = 100;

    // \A and \z, not ^ and $: "Foo\n" must not pass ($ matches before a final line break).
    [GeneratedRegex(@"\A[A-Za-z0-9][A-Za-z0-9-]+\z", RegexOptions.CultureInvariant)]
    private static partial Regex Pattern();

    public static bool IsValid([NotNullWhen(true)] string? identifier) =>
        identifier is { Length: > 0 and <= MaxLength } && Pattern().IsMatch(identifier);
}
