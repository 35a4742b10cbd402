using System.Globalization;

namespace NetKAN.Bus.Webhooks.Dashboard;

/// <summary>Times and durations as people read them ("3 h ago", "2 min 5 s"), always relative to a given now.</summary>
public static class TimeText
{
    public static string Ago(DateTimeOffset? time, DateTimeOffset now)
    {
        if (time is not { } t)
        {
            return "never";
        }
        var span = now - t;
        return span < TimeSpan.Zero ? $"in {Span(-span)}" : span < TimeSpan.FromSeconds(45) ? "just now" : $"{Span(span)} ago";
    }

    /// <summary>A coarse span: the largest unit only ("5 min", "3 h", "2 days", "4 months", "2 years").</summary>
    public static string Span(TimeSpan span)
    {
        if (span.TotalMinutes < 1)
        {
            return $"{Math.Max(1, (int)span.TotalSeconds)} s";
        }
        if (span.TotalHours < 1)
        {
            return $"{(int)span.TotalMinutes} min";
        }
        if (span.TotalDays < 2)
        {
            return $"{(int)span.TotalHours} h";
        }
        if (span.TotalDays < 60)
        {
            return $"{(int)span.TotalDays} days";
        }
        return span.TotalDays < 730 ? $"{(int)(span.TotalDays / 30.4)} months" : $"{(int)(span.TotalDays / 365.25)} years";
    }

    /// <summary>A stage duration with two units at most ("850 ms", "42 s", "3 min 5 s", "2 h 10 min").</summary>
    public static string Duration(double seconds)
    {
        if (seconds < 1)
        {
            return $"{Math.Round(seconds * 1000)} ms";
        }
        var span = TimeSpan.FromSeconds(seconds);
        if (span.TotalMinutes < 1)
        {
            return $"{Math.Round(seconds, seconds < 10 ? 1 : 0).ToString(CultureInfo.InvariantCulture)} s";
        }
        if (span.TotalHours < 1)
        {
            return span.Seconds == 0 ? $"{span.Minutes} min" : $"{span.Minutes} min {span.Seconds} s";
        }
        if (span.TotalDays < 1)
        {
            return span.Minutes == 0 ? $"{span.Hours} h" : $"{span.Hours} h {span.Minutes} min";
        }
        return $"{(int)span.TotalDays} days {span.Hours} h";
    }

    /// <summary>UTC, minutes precision: "2026-08-01 12:00 UTC".</summary>
    public static string Utc(DateTimeOffset time) =>
        time.UtcDateTime.ToString("yyyy-MM-dd HH:mm 'UTC'", CultureInfo.InvariantCulture);

    /// <summary>ISO 8601 UTC for machine use (datetime attributes, sort keys).</summary>
    public static string Iso(DateTimeOffset time) =>
        time.UtcDateTime.ToString("yyyy-MM-dd'T'HH:mm:ss'Z'", CultureInfo.InvariantCulture);
}
