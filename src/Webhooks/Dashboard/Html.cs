using System.Text;

namespace NetKAN.Bus.Webhooks.Dashboard;

/// <summary>HTML escaping straight into a StringBuilder: the table has thousands of cells, so no intermediate strings.</summary>
public static class Html
{
    /// <summary>Appends text escaped for element content and double-quoted attribute values.</summary>
    public static StringBuilder Text(this StringBuilder html, string? text)
    {
        if (string.IsNullOrEmpty(text))
        {
            return html;
        }
        var start = 0;
        for (var i = 0; i < text.Length; i++)
        {
            var entity = text[i] switch
            {
                '&' => "&amp;",
                '<' => "&lt;",
                '>' => "&gt;",
                '"' => "&quot;",
                '\'' => "&#39;",
                _ => null,
            };
            if (entity is null)
            {
                continue;
            }
            html.Append(text, start, i - start).Append(entity);
            start = i + 1;
        }
        return html.Append(text, start, text.Length - start);
    }

    public static string Encode(string? text) => new StringBuilder().Text(text).ToString();

    /// <summary>Appends a link; external ones open normally but say where they go and carry no referrer.</summary>
    public static StringBuilder Link(this StringBuilder html, string href, string text, bool external = false, string? cssClass = null)
    {
        html.Append("<a href=\"").Text(href).Append('"');
        if (cssClass is not null)
        {
            html.Append(" class=\"").Append(cssClass).Append('"');
        }
        if (external)
        {
            html.Append(" rel=\"noreferrer\"");
        }
        return html.Append('>').Text(text).Append("</a>");
    }

    /// <summary>A relative time with the exact UTC time in the tooltip and a machine-readable datetime.</summary>
    public static StringBuilder Time(this StringBuilder html, DateTimeOffset? time, DateTimeOffset now)
    {
        if (time is not { } t)
        {
            return html.Append("<span class=\"na\">never</span>");
        }
        var iso = TimeText.Iso(t);
        return html.Append("<time datetime=\"").Append(iso).Append("\" title=\"").Append(TimeText.Utc(t)).Append("\">")
            .Append(TimeText.Ago(t, now)).Append("</time>");
    }
}
