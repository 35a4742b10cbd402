namespace NetKAN.Bus.Contracts;

/// <summary>
/// Limits on documents read from outside (netkans from the repository or a queue, metanetkan targets, .ckan bodies,
/// version strings). Each sits far above anything real (the corpus' largest netkan is 18 KB and 6 levels deep, the
/// largest .ckan 21 KB and 5 levels, the longest version 62 characters) and far below what would crash or stall a
/// host: a 60,000-level netkan used to overflow the stack and kill the process.
/// </summary>
public static class InputLimits
{
    /// <summary>Nesting depth of a netkan (mappings and lists); System.Text.Json's default depth, too.</summary>
    public const int MaxDepth = 64;

    /// <summary>Characters of one netkan or .ckan text (SQS itself caps a message at 256 KB).</summary>
    public const int MaxDocumentChars = 1_000_000;

    /// <summary>Values (scalars, mappings, lists) of one netkan after YAML aliases are expanded: stops "billion
    /// laughs" documents, whose aliases multiply a few lines into billions of nodes.</summary>
    public const int MaxNodes = 100_000;

    /// <summary>Characters of a version string.</summary>
    public const int MaxVersionLength = 256;
}
