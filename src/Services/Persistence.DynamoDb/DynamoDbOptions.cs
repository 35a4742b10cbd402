namespace NetKAN.Bus.Services.Persistence.DynamoDb;

/// <summary>The status tables (section <c>DynamoDb</c>).</summary>
public sealed class DynamoDbOptions
{
    public const string Section = "DynamoDb";

    /// <summary>The status table: one item per (ModIdentifier, game_id), as the original's (dev: DevMultiKANStatus).</summary>
    public string TableName { get; set; } = "MultiKANStatus";

    /// <summary>Global secondary index on <c>correlation_id</c> (the saga id), keys only.</summary>
    public string CorrelationIndexName { get; set; } = "correlation_id-index";

    /// <summary>Scheduler passes (hash game_id, range run_at), shown in the dashboard's health banner.</summary>
    public string SchedulerRunTableName { get; set; } = "NetKANSchedulerRuns";

    /// <summary>Scheduler passes expire after this many days (DynamoDB TTL on <c>expires_at</c>).</summary>
    public int SchedulerRunRetentionDays { get; set; } = 30;

    /// <summary>Items per Scan page when listing rows (0 = DynamoDB's 1 MB pages); smaller pages spread the read load.</summary>
    public int ScanPageSize { get; set; }

    /// <summary>Create missing tables at start-up (stand-ins, development). Production tables come from the template.</summary>
    public bool CreateTable { get; set; }
}
