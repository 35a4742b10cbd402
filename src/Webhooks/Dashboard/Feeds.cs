using System.Globalization;
using System.Text;
using System.Xml;
using NetKAN.Bus.Contracts.Games;
using NetKAN.Bus.Sagas.Status;

namespace NetKAN.Bus.Webhooks.Dashboard;

/// <summary>
/// Atom feeds from the status rows: per game, new errors (each error's first sighting) and new index commits (added
/// or updated .ckan files, from the rows' recent history); per mod, its recent history.
/// </summary>
public static class Feeds
{
    public const string AtomType = "application/atom+xml; charset=utf-8";
    public const int Entries = 50;

    public static string ErrorsPath(GameId game) => $"/feeds/{game.Value}/errors.atom";

    public static string CommitsPath(GameId game) => $"/feeds/{game.Value}/commits.atom";

    public static string ModPath(GameId game, string identifier) => $"/feeds/{game.Value}/mods/{Uri.EscapeDataString(identifier)}.atom";

    public sealed record Entry(string Id, string Title, string? Summary, DateTimeOffset Updated, string Link);

    public static string Errors(IEnumerable<ModState> states, GameId game, string baseUrl) =>
        Write($"New errors ({game.Value.ToUpperInvariant()})", baseUrl + ErrorsPath(game), baseUrl + "/?game=" + game.Value,
            states.Where(x => x.GameId == game.Value)
                .SelectMany(mod => mod.Errors.Select(error => new Entry(
                    $"{baseUrl}/mods/{game.Value}/{Uri.EscapeDataString(mod.Identifier)}#error-{error.FirstSeen.UtcTicks}-{error.Stage}",
                    $"{mod.Identifier}: {error.Stage} error", error.Message, error.FirstSeen, ModUrl(baseUrl, game, mod.Identifier)))));

    public static string Commits(IEnumerable<ModState> states, GameId game, string baseUrl) =>
        Write($"New index commits ({game.Value.ToUpperInvariant()})", baseUrl + CommitsPath(game), baseUrl + "/?game=" + game.Value,
            states.Where(x => x.GameId == game.Value)
                .SelectMany(mod => mod.History
                    .Where(h => h.Event is "indexed (added)" or "indexed (updated)" or "indexed (staged)")
                    .Select(h => new Entry(
                        $"{ModUrl(baseUrl, game, mod.Identifier)}#indexed-{h.Time.UtcTicks}",
                        $"{mod.Identifier}: {h.Event[9..^1]} {h.Detail}".TrimEnd(), h.Detail, h.Time, ModUrl(baseUrl, game, mod.Identifier)))));

    public static string Mod(ModState mod, GameId game, string baseUrl) =>
        Write($"{mod.Identifier} ({game.Value.ToUpperInvariant()})", baseUrl + ModPath(game, mod.Identifier), ModUrl(baseUrl, game, mod.Identifier),
            mod.History.Select(h => new Entry($"{ModUrl(baseUrl, game, mod.Identifier)}#h-{h.Time.UtcTicks}-{Uri.EscapeDataString(h.Event)}",
                $"{mod.Identifier}: {h.Event}", h.Detail, h.Time, ModUrl(baseUrl, game, mod.Identifier))));

    private static string ModUrl(string baseUrl, GameId game, string identifier) => $"{baseUrl}/mods/{game.Value}/{Uri.EscapeDataString(identifier)}";

    private static string Write(string title, string self, string alternate, IEnumerable<Entry> entries)
    {
        var newest = entries.OrderByDescending(x => x.Updated).ThenBy(x => x.Id, StringComparer.Ordinal).Take(Entries).ToList();
        var text = new StringBuilder();
        using (var xml = XmlWriter.Create(text, new XmlWriterSettings { Indent = true, OmitXmlDeclaration = false, Encoding = Encoding.UTF8 }))
        {
            const string atom = "http://www.w3.org/2005/Atom";
            xml.WriteStartElement("feed", atom);
            xml.WriteElementString("id", atom, self);
            xml.WriteElementString("title", atom, title);
            xml.WriteElementString("updated", atom, Time(newest.FirstOrDefault()?.Updated ?? DateTimeOffset.UnixEpoch));
            Link(xml, atom, "self", self);
            Link(xml, atom, "alternate", alternate);
            xml.WriteStartElement("author", atom);
            xml.WriteElementString("name", atom, "NetKAN.Bus");
            xml.WriteEndElement();
            foreach (var entry in newest)
            {
                xml.WriteStartElement("entry", atom);
                xml.WriteElementString("id", atom, entry.Id);
                xml.WriteElementString("title", atom, entry.Title);
                xml.WriteElementString("updated", atom, Time(entry.Updated));
                Link(xml, atom, "alternate", entry.Link);
                if (!string.IsNullOrEmpty(entry.Summary))
                {
                    xml.WriteElementString("summary", atom, entry.Summary);
                }
                xml.WriteEndElement();
            }
            xml.WriteEndElement();
        }
        return text.ToString().Replace("encoding=\"utf-16\"", "encoding=\"utf-8\"", StringComparison.Ordinal);
    }

    private static void Link(XmlWriter xml, string atom, string rel, string href)
    {
        xml.WriteStartElement("link", atom);
        xml.WriteAttributeString("rel", rel);
        xml.WriteAttributeString("href", href);
        xml.WriteEndElement();
    }

    private static string Time(DateTimeOffset time) => time.UtcDateTime.ToString("yyyy-MM-dd'T'HH:mm:ss'Z'", CultureInfo.InvariantCulture);
}
