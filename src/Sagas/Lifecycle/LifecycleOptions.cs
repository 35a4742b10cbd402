namespace NetKAN.Bus.Sagas.Lifecycle;

/// <summary>Deadlines and retry limits of the ModLifecycle saga (configuration section <c>Lifecycle</c>).</summary>
public sealed class LifecycleOptions
{
    public const string Section = "Lifecycle";

    /// <summary>An inflation request with no result by then is stalled and re-requested.</summary>
    public TimeSpan InflationDeadline { get; set; } = TimeSpan.FromHours(2);

    /// <summary>An inflation result that was not indexed by then is stalled; inflation is requested again.</summary>
    public TimeSpan IndexDeadline { get; set; } = TimeSpan.FromHours(1);

    /// <summary>A mirror request with no outcome by then is stalled and sent again.</summary>
    public TimeSpan MirrorDeadline { get; set; } = TimeSpan.FromHours(2);

    /// <summary>Re-requests per stalled stage; each one doubles the next deadline.</summary>
    public int MaxRetries { get; set; } = 3;

    /// <summary>The saga sends <c>MirrorMod</c> for every added/updated redistributable .ckan.</summary>
    public bool RequestMirroring { get; set; } = true;

    /// <summary>A mod failing the same way this many passes in a row is backed off from scheduling.</summary>
    public int FailuresBeforeBackoff { get; set; } = 3;

    /// <summary>The first back-off; doubles with every further identical failure, up to <see cref="MaxBackoff"/>.</summary>
    public TimeSpan Backoff { get; set; } = TimeSpan.FromHours(2);

    public TimeSpan MaxBackoff { get; set; } = TimeSpan.FromDays(2);

    /// <summary>How often the sweep looks for passed deadlines.</summary>
    public TimeSpan SweepInterval { get; set; } = TimeSpan.FromMinutes(1);

    /// <summary>How often the rows are compared with CKAN-meta (also once at start).</summary>
    public TimeSpan ReconcileInterval { get; set; } = TimeSpan.FromHours(1);

    public TimeSpan DeadlineFor(string stage) => stage switch
    {
        Status.AwaitedStage.Inflation => InflationDeadline,
        Status.AwaitedStage.Indexing => IndexDeadline,
        Status.AwaitedStage.Mirror => MirrorDeadline,
        _ => throw new ArgumentException($"Unknown stage '{stage}'", nameof(stage)),
    };
}
