namespace NetKAN.Bus.Services.Indexer;

/// <summary>Section <c>Indexer</c>.</summary>
public sealed class IndexerOptions
{
    public const string Section = "Indexer";

    /// <summary><c>Indexer:StagingLabel</c>: the label put on staging pull requests.</summary>
    public string StagingLabel { get; set; } = "Needs looking into";

    /// <summary><c>Indexer:RequestMirroring</c>: send a <c>MirrorMod</c> for every .ckan committed to the primary branch.
    /// Off by default: in production GitHub's push webhook on CKAN-meta (<c>/gh/mirror</c>) does that; the demo, which
    /// has no GitHub, turns it on. With the in-memory transport it applies only when the process also runs the mirrorer.</summary>
    public bool RequestMirroring { get; set; }
}
