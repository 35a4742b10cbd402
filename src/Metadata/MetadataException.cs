namespace NetKAN.Bus.Metadata;

/// <summary>
/// Bad metadata input: a netkan/ckan that cannot be parsed or does not make sense.
/// The message always names the source (file name or "input") so a log line is actionable on its own.
/// </summary>
public sealed class MetadataException : Exception
{
    public MetadataException(string source, string problem, int? line = null, Exception? inner = null)
        : base(Format(source, problem, line), inner)
    {
        SourceName = source;
        Problem = problem;
        Line = line;
    }

    /// <summary>The file name (or "input" when there is none).</summary>
    public string SourceName { get; }

    /// <summary>What is wrong, without the source prefix.</summary>
    public string Problem { get; }

    /// <summary>1-based line number when known.</summary>
    public int? Line { get; }

    private static string Format(string source, string problem, int? line) =>
        line is { } l ? $"{source}: line {l}: {problem}" : $"{source}: {problem}";
}
