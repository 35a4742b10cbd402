namespace NetKAN.Bus.Services.Indexer;

/// <summary>Section <c>Indexer</c>.</summary>
public sealed class IndexerOptions
{
    public const string Section = "Indexer";

    /// <summary><c>Indexer:StagingLabel</c>: the label put on staging pull requests.</summary>
    public string StagingLabel { get; set; } = "Needs looking into";

}
