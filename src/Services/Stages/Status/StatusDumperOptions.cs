namespace NetKAN.Bus.Services.Status;

/// <summary>Section <c>StatusDumper</c>: where and how often the status files are written.</summary>
public sealed class StatusDumperOptions
{
    public const string Section = "StatusDumper";

    /// <summary>Time between dumps (the original ran every 5 minutes).</summary>
    public TimeSpan Interval { get; set; } = TimeSpan.FromMinutes(5);

    /// <summary>S3 bucket for the status files (production: status.ksp-ckan.space); none = no upload.</summary>
    public string? Bucket { get; set; }

    /// <summary>Key prefix in the bucket: keys are <c>status/netkan.json</c> and <c>status/netkan-ksp2.json</c>.</summary>
    public string Prefix { get; set; } = "status/";

    /// <summary>Create the bucket at start-up when missing (the stand-ins in docker compose; production has it from the template).</summary>
    public bool CreateBucket { get; set; }

    /// <summary>Local folder for the same files; none = no local copy.</summary>
    public string? Folder { get; set; }
}
