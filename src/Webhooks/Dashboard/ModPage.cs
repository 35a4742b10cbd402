using System.Text;
using NetKAN.Bus.Contracts.Games;
using NetKAN.Bus.Sagas.Status;

namespace NetKAN.Bus.Webhooks.Dashboard;

/// <summary>
/// One mod: the answer to "why was it not updated?", the lifecycle stages with times and durations, its error
/// history, warnings, recent history and links.
/// </summary>
public sealed class ModPage(DashboardOptions options)
{
    public string Render(ModState mod, GameId game, Diagnosis diagnosis, DateTimeOffset now, DateTimeOffset taken)
    {
        var html = new StringBuilder(16 * 1024);
        var links = options.LinksFor(game);
        PageShell.Open(html, $"{mod.Identifier} ({game.Value.ToUpperInvariant()}): NetKAN status",
            [($"{mod.Identifier} history", Feeds.ModPath(game, mod.Identifier))]);

        html.Append("<nav class=\"crumbs\" aria-label=\"Breadcrumb\"><a href=\"/")
            .Append(game == GameId.Ksp ? "" : $"?game={game.Value}").Append("\">All ").Append(game.Value.ToUpperInvariant())
            .Append(" mods</a> <span aria-hidden=\"true\">›</span> <span aria-current=\"page\">").Text(mod.Identifier).Append("</span></nav>\n");

        var label = StateLabels.For(mod.CurrentState);
        html.Append("<h1 class=\"mod-title\">").Text(mod.Identifier)
            .Append(" <span class=\"badge ").Append(label.Tone).Append("\">").Append(label.Text).Append("</span>");
        if (mod.Frozen) { html.Append(" <span class=\"tag\">frozen</span>"); }
        if (mod.Staged) { html.Append(" <span class=\"tag\">staged</span>"); }
        html.Append("</h1>\n<p class=\"sub\">").Append(game.Value.ToUpperInvariant());
        if (mod.ModVersion is not null) { html.Append(" · version ").Text(mod.ModVersion); }
        if (mod.CkanFile is not null) { html.Append(" · ").Text(mod.CkanFile); }
        if (mod.DownloadCount is { } downloads) { html.Append(" · ").Append(downloads.ToString("N0")).Append(" downloads"); }
        html.Append("</p>\n");

        Diagnosis(html, diagnosis);
        Timeline(html, mod, now);
        Errors(html, mod, now);
        Warnings(html, mod);
        History(html, mod, now);
        Links(html, mod, links);
        html.Append("<p class=\"raw\"><a href=\"/api/mods/").Append(game.Value).Append('/').Text(Uri.EscapeDataString(mod.Identifier))
            .Append("\">This mod's full status as JSON</a></p>\n");
        return PageShell.Close(html, taken).ToString();
    }

    private static void Diagnosis(StringBuilder html, Diagnosis diagnosis)
    {
        var top = diagnosis.Findings.FirstOrDefault()?.Severity;
        var tone = top switch
        {
            FindingSeverity.Blocking => "blocking",
            FindingSeverity.Waiting => "waiting",
            _ => "info",
        };
        html.Append("<section id=\"why\" class=\"diagnosis ").Append(tone).Append("\" aria-labelledby=\"why-title\">\n")
            .Append("<h2 id=\"why-title\">Why was this mod not updated?</h2>\n<p class=\"headline\">").Text(diagnosis.Headline).Append("</p>\n<ul>\n");
        foreach (var finding in diagnosis.Findings)
        {
            html.Append("<li class=\"finding ").Append(finding.Severity.ToString().ToLowerInvariant()).Append("\" data-code=\"").Append(finding.Code).Append("\">")
                .Append("<span class=\"sev\">").Append(SeverityWord(finding.Severity)).Append("</span> ");
            if (finding.Title != diagnosis.Headline)
            {
                html.Append("<strong>").Text(finding.Title).Append("</strong> "); // the headline already says the first one
            }
            html.Text(finding.Detail).Append("</li>\n");
        }
        html.Append("</ul>\n</section>\n");
    }

    private static string SeverityWord(FindingSeverity severity) => severity switch
    {
        FindingSeverity.Blocking => "Blocking",
        FindingSeverity.Waiting => "Waiting",
        _ => "Info",
    };

    private static void Timeline(StringBuilder html, ModState mod, DateTimeOffset now)
    {
        html.Append("<section aria-labelledby=\"life-title\">\n<h2 id=\"life-title\">Lifecycle</h2>\n<ol class=\"timeline\">\n");
        var pendingInflation = mod.LastRequested is { } req && (mod.LastInflated is null || mod.LastInflated < req);
        Stage(html, "Requested", mod.LastRequested, now, mod.LastRequested is null ? "todo" : "done",
            mod.LastRequestSource is null ? null : $"by {mod.LastRequestSource}", null);
        var inflated = mod.LastInflated is null ? "todo" : pendingInflation ? "waiting" : mod.Success || mod.IndexOutcome is not null ? "done" : "failed";
        if (mod.CurrentState == "InflationFailedState") { inflated = "failed"; }
        Stage(html, "Inflated", mod.LastInflated, now, pendingInflation ? "waiting" : inflated,
            pendingInflation ? "a newer request is waiting for the Inflator"
                : mod.CurrentState == "InflationFailedState" ? $"failed: {mod.LastError}"
                : mod.ModVersion,
            mod.InflationSeconds is { } inf ? $"{TimeText.Duration(inf)} after the request" : null);
        var indexedState = mod.CurrentState == "IndexingFailedState" ? "failed" : mod.LastIndexed is null ? "todo" : "done";
        Stage(html, "Indexed", mod.LastIndexed, now, indexedState,
            mod.IndexOutcome is null ? null : $"last outcome: {mod.IndexOutcome.ToLowerInvariant()}" + (mod.Commit is { } c ? $", commit {c[..Math.Min(7, c.Length)]}" : ""),
            mod.IndexSeconds is { } idx ? $"{TimeText.Duration(idx)} after the inflation" : null);
        var mirrorState = mod.MirrorStatus switch { "failed" => "failed", null => "todo", _ => "done" };
        Stage(html, "Mirrored", mod.LastMirrored, now, mirrorState,
            mod.MirrorStatus is null ? null : $"{mod.MirrorStatus}: {mod.MirrorDetail}",
            mod.MirrorSeconds is { } mir ? $"{TimeText.Duration(mir)} after indexing" : null);
        Stage(html, "Download last changed", mod.LastDownloaded, now, mod.LastDownloaded is null ? "todo" : "done", null, null);
        Stage(html, "Released upstream", mod.ReleaseDate, now, mod.ReleaseDate is null ? "todo" : "done", null, null);
        html.Append("</ol>\n</section>\n");
    }

    private static void Stage(StringBuilder html, string name, DateTimeOffset? time, DateTimeOffset now, string status,
        string? detail, string? duration)
    {
        html.Append("<li class=\"stage ").Append(status).Append("\"><span class=\"dot\" aria-hidden=\"true\"></span><span class=\"name\">").Append(name)
            .Append("</span> <span class=\"visually-hidden\">(").Append(status).Append(")</span><span class=\"when\">").Time(time, now);
        if (time is { } t)
        {
            html.Append(" <span class=\"utc\">").Append(TimeText.Utc(t)).Append("</span>");
        }
        html.Append("</span>");
        if (duration is not null)
        {
            html.Append(" <span class=\"dur\">").Text(duration).Append("</span>");
        }
        if (!string.IsNullOrEmpty(detail))
        {
            html.Append("<span class=\"detail\">").Text(detail).Append("</span>");
        }
        html.Append("</li>\n");
    }

    private static void Errors(StringBuilder html, ModState mod, DateTimeOffset now)
    {
        html.Append("<section aria-labelledby=\"errors-title\">\n<h2 id=\"errors-title\">Errors</h2>\n");
        if (mod.Errors.Count == 0)
        {
            html.Append("<p class=\"none\">").Append(mod.LastError is null ? "No error on record." : "Last error (no history): ").Text(mod.LastError).Append("</p>\n</section>\n");
            return;
        }
        html.Append("<table class=\"errors\"><thead><tr><th scope=\"col\">Stage</th><th scope=\"col\">Error</th><th scope=\"col\">First seen</th>")
            .Append("<th scope=\"col\">Last seen</th><th scope=\"col\">Count</th><th scope=\"col\">Resolved</th></tr></thead><tbody>\n");
        foreach (var error in mod.Errors.AsEnumerable().Reverse())
        {
            html.Append("<tr class=\"").Append(error.ResolvedAt is null ? "open" : "resolved").Append("\"><td>").Text(error.Stage)
                .Append("</td><td class=\"msg\">").Text(error.Message).Append("</td><td>").Time(error.FirstSeen, now)
                .Append("</td><td>").Time(error.LastSeen, now).Append("</td><td>").Append(error.Count).Append("</td><td>");
            if (error.ResolvedAt is { } resolved)
            {
                html.Time(resolved, now);
            }
            else
            {
                html.Append("<strong class=\"err\">open</strong>");
            }
            html.Append("</td></tr>\n");
        }
        html.Append("</tbody></table>\n</section>\n");
    }

    private static void Warnings(StringBuilder html, ModState mod)
    {
        html.Append("<section aria-labelledby=\"warn-title\">\n<h2 id=\"warn-title\">Warnings</h2>\n");
        if (string.IsNullOrEmpty(mod.LastWarnings))
        {
            html.Append("<p class=\"none\">The last inflation gave no warnings.</p>\n</section>\n");
            return;
        }
        html.Append("<ul class=\"warnings\">");
        foreach (var line in mod.LastWarnings.Split('\n', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries))
        {
            html.Append("<li class=\"warn\">").Text(line).Append("</li>");
        }
        html.Append("</ul>\n</section>\n");
    }

    private static void History(StringBuilder html, ModState mod, DateTimeOffset now)
    {
        html.Append("<section aria-labelledby=\"hist-title\">\n<h2 id=\"hist-title\">History</h2>\n");
        if (mod.History.Count == 0)
        {
            html.Append("<p class=\"none\">No history recorded.</p>\n</section>\n");
            return;
        }
        html.Append("<table class=\"history\"><thead><tr><th scope=\"col\">When</th><th scope=\"col\">What</th><th scope=\"col\">Detail</th></tr></thead><tbody>\n");
        foreach (var entry in mod.History.AsEnumerable().Reverse())
        {
            html.Append("<tr><td>").Time(entry.Time, now).Append(" <span class=\"utc\">").Append(TimeText.Utc(entry.Time)).Append("</span></td><td>")
                .Text(entry.Event).Append("</td><td class=\"msg\">").Text(entry.Detail).Append("</td></tr>\n");
        }
        html.Append("</tbody></table>\n</section>\n");
    }

    private static void Links(StringBuilder html, ModState mod, GameLinks links)
    {
        html.Append("<section aria-labelledby=\"links-title\">\n<h2 id=\"links-title\">Links</h2>\n<ul class=\"links\">\n");
        html.Append("<li>").Link(links.Netkan(mod.Identifier, mod.Frozen), mod.Frozen ? "The .frozen file on GitHub" : "The .netkan on GitHub", external: true)
            .Append(" (").Link(links.NetkanHistory(mod.Identifier, mod.Frozen), "history", external: true).Append(")</li>\n");
        html.Append("<li>").Link(links.Metadata(mod.Identifier), "The CKAN-meta folder", external: true).Append("</li>\n");
        if (mod.PullRequestUrl is not null)
        {
            html.Append("<li>").Link(mod.PullRequestUrl, "The staging pull request", external: true).Append("</li>\n");
        }
        foreach (var (key, url) in mod.Resources.OrderBy(x => x.Key, StringComparer.Ordinal))
        {
            html.Append("<li><span class=\"res\">").Text(key).Append("</span> ");
            if (Uri.TryCreate(url, UriKind.Absolute, out var uri) && uri.Scheme is "http" or "https")
            {
                html.Link(url, url, external: true);
            }
            else
            {
                html.Text(url);
            }
            html.Append("</li>\n");
        }
        html.Append("</ul>\n</section>\n");
    }
}
