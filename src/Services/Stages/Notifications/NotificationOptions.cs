namespace NetKAN.Bus.Services.Notifications;

/// <summary>Section <c>Notifications</c>.</summary>
public sealed class NotificationOptions
{
    public const string Section = "Notifications";

    /// <summary><c>Notifications:DiscordWebhook</c>: a Discord webhook URL (<c>https://discord.com/api/webhooks/ID/TOKEN</c>).</summary>
    public string? DiscordWebhook { get; set; }

    /// <summary><c>Notifications:JsonWebhook</c>: any URL that accepts a JSON POST
    /// <c>{"kind","text","game","identifier","time"}</c> per alert.</summary>
    public string? JsonWebhook { get; set; }

    /// <summary><c>Notifications:MaxPerMinute</c>: alerts sent per minute at most; the rest are counted and reported
    /// in one summary line when sending resumes.</summary>
    public int MaxPerMinute { get; set; } = 10;

    /// <summary><c>Notifications:DuplicateWindow</c>: an alert with the same kind and text as one sent within this
    /// time is dropped.</summary>
    public TimeSpan DuplicateWindow { get; set; } = TimeSpan.FromHours(24);

    public bool Enabled => !string.IsNullOrWhiteSpace(DiscordWebhook) || !string.IsNullOrWhiteSpace(JsonWebhook);
}
