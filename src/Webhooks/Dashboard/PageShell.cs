using System.Text;

namespace NetKAN.Bus.Webhooks.Dashboard;

/// <summary>The document around every dashboard page: head, stylesheet, script, header and footer.</summary>
public static class PageShell
{
    public static StringBuilder Open(StringBuilder html, string title, IReadOnlyList<(string Title, string Href)>? feeds = null)
    {
        html.Append("<!doctype html>\n<html lang=\"en\">\n<head>\n<meta charset=\"utf-8\">\n")
            .Append("<meta name=\"viewport\" content=\"width=device-width, initial-scale=1\">\n")
            .Append("<meta name=\"color-scheme\" content=\"light dark\">\n")
            .Append("<title>").Text(title).Append("</title>\n")
            .Append("<link rel=\"icon\" href=\"data:,\">\n") // no favicon request (and no 404 in the console)
            .Append("<link rel=\"stylesheet\" href=\"").Append(DashboardAssets.StylePath).Append("\">\n")
            .Append("<script src=\"").Append(DashboardAssets.ScriptPath).Append("\" defer></script>\n");
        foreach (var (feedTitle, href) in feeds ?? [])
        {
            html.Append("<link rel=\"alternate\" type=\"application/atom+xml\" title=\"").Text(feedTitle).Append("\" href=\"").Text(href).Append("\">\n");
        }
        html.Append("</head>\n<body>\n")
            .Append("<a class=\"skip\" href=\"#main\">Skip to content</a>\n")
            .Append("<header class=\"top\"><a class=\"brand\" href=\"/\">NetKAN status</a>")
            .Append("<nav aria-label=\"Data\"><a href=\"/status/netkan.json\">netkan.json</a> ")
            .Append("<a href=\"/status/netkan-ksp2.json\">netkan-ksp2.json</a> <a href=\"/api/mods\">API</a></nav>")
            // Light/dark toggle (dashboard.js; remembered in localStorage["darkTheme"] as NetKAN-status does).
            .Append("<button type=\"button\" id=\"theme\" class=\"theme\" aria-pressed=\"false\" hidden>Dark mode</button></header>\n")
            .Append("<main id=\"main\" tabindex=\"-1\">\n");
        return html;
    }

    public static StringBuilder Close(StringBuilder html, DateTimeOffset taken) =>
        html.Append("</main>\n<footer>Status read ").Append(TimeText.Utc(taken))
            .Append(". Served by NetKAN.Bus.</footer>\n</body>\n</html>\n");
}
