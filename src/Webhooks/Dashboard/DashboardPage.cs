using System.Globalization;
using System.Text;
using NetKAN.Bus.Contracts.Games;

namespace NetKAN.Bus.Webhooks.Dashboard;

/// <summary>
/// The table of every mod of a game, rendered on the server: filters are a GET form, sorting is header links, and rows
/// the filters exclude are present but <c>hidden</c>, so dashboard.js can filter and sort live without a round trip.
/// </summary>
public sealed class DashboardPage(DashboardOptions options)
{
    private static readonly (SortColumn Column, string Title)[] Columns =
    [
        (SortColumn.Id, "Mod"),
        (SortColumn.Game, "Game"),
        (SortColumn.State, "State"),
        (SortColumn.Version, "Version"),
        (SortColumn.Inflated, "Last inflated"),
        (SortColumn.Indexed, "Last indexed"),
        (SortColumn.Downloaded, "Last downloaded"),
        (SortColumn.Problems, "Errors / warnings"),
    ];

    public string Render(StatusSnapshot snapshot, DashboardQuery query, DateTimeOffset now)
    {
        var games = query.Game is { } one ? [one] : GameId.All;
        var all = snapshot.RowsOf(query.Game).ToList();
        all.Sort(query.Comparer());
        var shown = all.Where(query.Matches).ToList();
        var showGame = query.Game is null;

        var html = new StringBuilder(4096 + all.Count * 900);
        var feeds = games.SelectMany(game => new[]
        {
            ($"New errors ({game.Value.ToUpperInvariant()})", Feeds.ErrorsPath(game)),
            ($"New index commits ({game.Value.ToUpperInvariant()})", Feeds.CommitsPath(game)),
        }).ToList();
        PageShell.Open(html, query.Game is { } g ? $"NetKAN status: {g.Value.ToUpperInvariant()}" : "NetKAN status: all games", feeds);
        html.Append("<h1>NetKANs indexed</h1>\n");
        Health(html, HealthReport.For(snapshot, games, options, now));
        var perGame = GameId.All.ToDictionary(x => x, x => snapshot.RowsOf(x).Count());
        Filters(html, query, all, perGame);
        Summary(html, shown, all.Count);
        FeedLinks(html, feeds);

        html.Append("<div class=\"table-wrap\">\n<table id=\"mods\" class=\"mods").Append(showGame ? " with-game" : "")
            .Append("\" data-refresh=\"").Append(options.RefreshSeconds.ToString(CultureInfo.InvariantCulture))
            .Append("\" data-sort=\"").Append(Name(query.Sort)).Append("\" data-dir=\"").Append(query.Descending ? "desc" : "asc").Append("\">\n")
            .Append("<caption class=\"visually-hidden\">Mods, sorted by ").Append(Title(query.Sort)).Append(query.Descending ? ", descending" : ", ascending")
            .Append("</caption>\n<thead><tr>");
        foreach (var (column, title) in Columns)
        {
            if (column == SortColumn.Game && !showGame)
            {
                continue;
            }
            Header(html, query, column, title);
        }
        html.Append("</tr></thead>\n<tbody>\n");
        var visible = new HashSet<ModRow>(shown, ReferenceEqualityComparer.Instance);
        foreach (var row in all)
        {
            Row(html, row, visible.Contains(row), showGame, now, options.LinksFor(GameId.Parse(row.Game)));
        }
        html.Append("</tbody>\n</table>\n</div>\n");
        html.Append("<p id=\"empty\" class=\"empty\"").Append(shown.Count == 0 ? "" : " hidden").Append(">No mod matches these filters.</p>\n");
        return PageShell.Close(html, snapshot.Taken).ToString();
    }

    private static void Health(StringBuilder html, IReadOnlyList<HealthItem> items)
    {
        html.Append("<section class=\"health\" aria-label=\"Service health\"><ul>");
        foreach (var item in items)
        {
            var (css, word) = item.Level switch
            {
                HealthLevel.Problem => ("problem", "Problem"),
                HealthLevel.Warning => ("warning", "Warning"),
                _ => ("ok", "OK"),
            };
            html.Append("<li class=\"").Append(css).Append("\"><span class=\"visually-hidden\">").Append(word).Append(": </span>")
                .Text(item.Text).Append("</li>");
        }
        html.Append("</ul></section>\n");
    }

    private static void Filters(StringBuilder html, DashboardQuery query, IReadOnlyList<ModRow> rows, IReadOnlyDictionary<GameId, int> perGame)
    {
        html.Append("<form id=\"filters\" class=\"filters\" method=\"get\" action=\"/\" role=\"search\" aria-label=\"Filter mods\">\n");
        html.Append("<div class=\"field grow\"><label for=\"q\">Search</label>")
            .Append("<input type=\"search\" id=\"q\" name=\"q\" value=\"").Text(query.Text)
            .Append("\" placeholder=\"identifier, error or warning\" autocomplete=\"off\" spellcheck=\"false\"></div>\n");

        html.Append("<div class=\"field\"><label for=\"game\">Game</label><select id=\"game\" name=\"game\">");
        // With counts, as NetKAN-status's game checkboxes ("1,234 KSP").
        Option(html, "ksp", $"KSP ({perGame.GetValueOrDefault(GameId.Ksp):N0})", query.Game == GameId.Ksp);
        Option(html, "ksp2", $"KSP2 ({perGame.GetValueOrDefault(GameId.Ksp2):N0})", query.Game == GameId.Ksp2);
        Option(html, "all", $"All games ({perGame.Values.Sum():N0})", query.Game is null);
        html.Append("</select></div>\n");

        var meta = rows.Count(x => x.Meta);
        html.Append("<div class=\"field\"><label for=\"kind\">Kind</label><select id=\"kind\" name=\"kind\">");
        Option(html, "", $"meta and non-meta ({rows.Count:N0})", query.Kind == ModKind.All);
        Option(html, "meta", $"metanetkans ({meta:N0})", query.Kind == ModKind.Meta);
        Option(html, "nonmeta", $"non-meta ({rows.Count - meta:N0})", query.Kind == ModKind.NonMeta);
        html.Append("</select></div>\n");

        var counts = rows.GroupBy(x => x.Label.Slug).ToDictionary(x => x.Key, x => x.Count());
        html.Append("<div class=\"field\"><label for=\"state\">State</label><select id=\"state\" name=\"state\">");
        Option(html, "", "any state", query.State is null);
        foreach (var label in StateLabels.All)
        {
            Option(html, label.Slug, $"{label.Text} ({counts.GetValueOrDefault(label.Slug):N0})", query.State == label.Slug);
        }
        html.Append("</select></div>\n");

        html.Append("<div class=\"field checks\">");
        Check(html, "warnings", $"only with warnings ({rows.Count(x => x.HasWarnings):N0})", query.WarningsOnly);
        Check(html, "frozen", $"show frozen ({rows.Count(x => x.Frozen):N0})", query.ShowFrozen);
        html.Append("</div>\n");

        if (query.Sort != SortColumn.Problems)
        {
            html.Append("<input type=\"hidden\" name=\"sort\" value=\"").Append(Name(query.Sort)).Append("\">");
        }
        if (query.Descending != DashboardQuery.DefaultDescending(query.Sort))
        {
            html.Append("<input type=\"hidden\" name=\"dir\" value=\"").Append(query.Descending ? "desc" : "asc").Append("\">");
        }
        html.Append("<div class=\"field actions\"><button type=\"submit\">Apply</button> <a href=\"/\">Reset</a></div>\n</form>\n");
    }

    private static void Summary(StringBuilder html, IReadOnlyList<ModRow> shown, int total) =>
        html.Append("<p id=\"summary\" class=\"summary\" role=\"status\" aria-live=\"polite\">Showing <strong>")
            .Append(shown.Count.ToString("N0", CultureInfo.InvariantCulture)).Append("</strong> of ")
            .Append(total.ToString("N0", CultureInfo.InvariantCulture)).Append(" mods: <span class=\"count-err\">")
            .Append(shown.Count(x => x.HasError).ToString("N0", CultureInfo.InvariantCulture)).Append(" errors</span>, <span class=\"count-warn\">")
            .Append(shown.Count(x => x.HasWarnings && !x.HasError).ToString("N0", CultureInfo.InvariantCulture)).Append(" with warnings</span></p>\n");

    private static void FeedLinks(StringBuilder html, IReadOnlyList<(string Title, string Href)> feeds)
    {
        html.Append("<p class=\"feeds\">Atom feeds: ");
        for (var i = 0; i < feeds.Count; i++)
        {
            html.Append(i == 0 ? "" : " · ").Append("<a href=\"").Text(feeds[i].Href).Append("\">").Text(feeds[i].Title).Append("</a>");
        }
        html.Append("</p>\n");
    }

    private static void Header(StringBuilder html, DashboardQuery query, SortColumn column, string title)
    {
        var active = query.Sort == column;
        var nextDescending = active ? !query.Descending : DashboardQuery.DefaultDescending(column);
        html.Append("<th scope=\"col\" data-col=\"").Append(Name(column)).Append("\" data-first=\"")
            .Append(DashboardQuery.DefaultDescending(column) ? "desc" : "asc").Append('"');
        if (active)
        {
            html.Append(" aria-sort=\"").Append(query.Descending ? "descending" : "ascending").Append('"');
        }
        html.Append("><a href=\"").Text(query.Link(column, nextDescending)).Append("\">").Append(title)
            .Append("<span class=\"arrow\" aria-hidden=\"true\">").Append(active ? query.Descending ? "▼" : "▲" : "").Append("</span></a></th>");
    }

    private static void Row(StringBuilder html, ModRow row, bool visible, bool showGame, DateTimeOffset now, GameLinks links)
    {
        var state = row.State;
        html.Append("<tr data-s=\"").Append(row.Label.Slug).Append('"');
        if (row.Meta) { html.Append(" data-m=\"1\""); }
        if (row.Frozen) { html.Append(" data-f=\"1\""); }
        if (row.HasWarnings) { html.Append(" data-w=\"1\""); }
        if (row.HasError) { html.Append(" data-e=\"1\""); }
        if (!visible) { html.Append(" hidden"); }
        html.Append("><th scope=\"row\"><a href=\"/mods/").Append(row.Game).Append('/').Text(Uri.EscapeDataString(row.Identifier)).Append('"');
        if (row.Frozen) { html.Append(" class=\"frozen\""); }
        html.Append('>').Text(row.Identifier).Append("</a>");
        if (row.Meta) { html.Append(" <span class=\"tag\">meta</span>"); }
        if (row.Frozen) { html.Append(" <span class=\"tag\">frozen</span>"); }
        RowLinks(html, row, links);
        html.Append("</th>");
        if (showGame)
        {
            html.Append("<td data-label=\"Game\">").Append(row.Game).Append("</td>");
        }
        html.Append("<td data-label=\"State\"><span class=\"badge ").Append(row.Label.Tone).Append("\">").Append(row.Label.Text).Append("</span></td>");
        html.Append("<td class=\"ver\" data-label=\"Version\">").Text(state.ModVersion).Append("</td>");
        DateCell(html, state.LastInflated, now, "Last inflated");
        DateCell(html, state.LastIndexed, now, "Last indexed");
        DateCell(html, state.LastDownloaded, now, "Last downloaded");
        html.Append("<td class=\"msg\" data-label=\"Errors / warnings\">");
        if (row.HasError)
        {
            html.Append("<span class=\"err\">").Text(state.LastError).Append("</span>");
            if (row.HasWarnings)
            {
                // Not shown (the error matters more), but searchable, as the server's search is.
                html.Append("<span class=\"warn\" hidden>").Text(state.LastWarnings).Append("</span>");
            }
        }
        else if (row.HasWarnings)
        {
            html.Append("<span class=\"warn\">").Text(state.LastWarnings).Append("</span>");
        }
        html.Append("</td></tr>\n");
    }

    /// <summary>As NetKAN-status's rows: the netkan (or .frozen), its history, the CKAN-meta folder, then each
    /// resource not starting with <c>x_</c>, sorted by key.</summary>
    private static void RowLinks(StringBuilder html, ModRow row, GameLinks links)
    {
        html.Append("<div class=\"row-links\"><a href=\"").Text(links.Netkan(row.Identifier, row.Frozen)).Append("\">netkan</a> <a href=\"")
            .Text(links.NetkanHistory(row.Identifier, row.Frozen)).Append("\">history</a> <a href=\"")
            .Text(links.Metadata(row.Identifier)).Append("\">metadata</a>");
        foreach (var (key, url) in row.State.Resources.Where(x => !x.Key.StartsWith("x_", StringComparison.Ordinal))
                     .OrderBy(x => x.Key, StringComparer.Ordinal))
        {
            if (Uri.TryCreate(url, UriKind.Absolute, out var uri) && uri.Scheme is "http" or "https")
            {
                html.Append(" <a href=\"").Text(url).Append("\" rel=\"nofollow noopener\">").Text(key).Append("</a>");
            }
        }
        html.Append("</div>");
    }

    private static void DateCell(StringBuilder html, DateTimeOffset? time, DateTimeOffset now, string label)
    {
        if (time is not { } t)
        {
            html.Append("<td class=\"na\" data-label=\"").Append(label).Append("\">never</td>");
            return;
        }
        html.Append("<td data-label=\"").Append(label).Append("\" data-v=\"").Append(t.UtcDateTime.ToString("o", CultureInfo.InvariantCulture)).Append("\"><time datetime=\"")
            .Append(TimeText.Iso(t)).Append("\" title=\"").Append(TimeText.Utc(t)).Append("\">").Append(TimeText.Ago(t, now)).Append("</time></td>");
    }

    private static void Option(StringBuilder html, string value, string text, bool selected) =>
        html.Append("<option value=\"").Append(value).Append('"').Append(selected ? " selected" : "").Append('>').Text(text).Append("</option>");

    private static void Check(StringBuilder html, string name, string text, bool on) =>
        html.Append("<label class=\"check\"><input type=\"checkbox\" name=\"").Append(name).Append("\" value=\"1\"")
            .Append(on ? " checked" : "").Append("> ").Text(text).Append("</label>");

    public static string Name(SortColumn column) => column.ToString().ToLowerInvariant();

    private static string Title(SortColumn column) => Columns.First(x => x.Column == column).Title.ToLowerInvariant();
}
