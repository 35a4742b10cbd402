namespace NetKAN.Bus.Services.TicketCloser;

/// <summary>Section <c>TicketCloser</c>.</summary>
public sealed class TicketCloserOptions
{
    public const string Section = "TicketCloser";

    /// <summary><c>TicketCloser:Owner</c>: the GitHub user or organisation whose repositories are tidied.</summary>
    public string Owner { get; set; } = "KSP-CKAN";

    /// <summary><c>TicketCloser:Repositories</c>: the repositories of <see cref="Owner"/> (the original: CKAN and NetKAN).</summary>
    public List<string> Repositories { get; set; } = ["CKAN", "NetKAN"];

    /// <summary><c>TicketCloser:DaysLimit</c>: issues updated more recently than this are left open.</summary>
    public int DaysLimit { get; set; } = 7;

    /// <summary><c>TicketCloser:Label</c>: only issues with this label are considered.</summary>
    public string Label { get; set; } = "support";

    /// <summary><c>TicketCloser:Cron</c>: when the daily pass runs (UTC). Default 02:30 every day.</summary>
    public string Cron { get; set; } = "30 2 * * *";

    /// <summary><c>TicketCloser:RunOnSchedule</c>: false for a process that closes tickets only on demand (the CLI).</summary>
    public bool RunOnSchedule { get; set; } = true;
}
