using System.Globalization;
using System.Text;
using NetKAN.Bus.Sagas.Status;

namespace NetKAN.Bus.Services.AutoFreezer;

/// <summary>An idle mod and the time it last changed.</summary>
public sealed record IdleMod(string Identifier, DateTimeOffset LastUpdate, IReadOnlyDictionary<string, string> Resources);

/// <summary>The original Auto-Freezer's rules: which mods are idle, and the pull request text proposing to freeze them.</summary>
public static class IdleMods
{
    public const string PullRequestTitle = "Freeze idle mods";

    /// <summary>
    /// The status row's <c>release_date</c>, else (with <paramref name="fallBackToLastIndexed"/>) its <c>last_indexed</c>;
    /// null without a row. The original's code meant the same fallback, but pynamodb returns None for a missing
    /// attribute instead of raising, so in effect it never proposes a mod without a release date.
    /// </summary>
    public static DateTimeOffset? LastTimestamp(ModState? row, bool fallBackToLastIndexed = true) =>
        row?.ReleaseDate ?? (fallBackToLastIndexed ? row?.LastIndexed : null);

    /// <summary>
    /// Active mods whose last timestamp lies strictly between <c>now - daysLimit - daysTillIgnore</c> and
    /// <c>now - daysLimit</c>: idle since the last few runs (longer-idle mods were proposed before). Oldest first.
    /// </summary>
    public static IReadOnlyList<IdleMod> Find(IEnumerable<string> activeIdentifiers, IReadOnlyDictionary<string, ModState> rows,
        DateTimeOffset now, int daysLimit, int daysTillIgnore, bool fallBackToLastIndexed = true)
    {
        var updateCutoff = now - TimeSpan.FromDays(daysLimit);
        var tooOldCutoff = updateCutoff - TimeSpan.FromDays(daysTillIgnore);
        return activeIdentifiers
            .Select(id => (Id: id, Row: rows.GetValueOrDefault(id)))
            .Select(x => (x.Id, x.Row, Time: LastTimestamp(x.Row, fallBackToLastIndexed)))
            .Where(x => x.Time is { } t && t < updateCutoff && t > tooOldCutoff)
            .OrderBy(x => x.Time)
            .Select(x => new IdleMod(x.Id, x.Time!.Value,
                x.Row!.Resources as IReadOnlyDictionary<string, string> ?? new Dictionary<string, string>()))
            .ToList();
    }

    /// <summary>
    /// The original's body: a sentence, then a table with one row per mod — <c>**id**&lt;br&gt;[key](url) \| [key](url)</c>
    /// (resources sorted by key) and the last update as <c>yyyy-MM-dd HH:mm UTC</c> — oldest first.
    /// </summary>
    public static string PullRequestBody(int days, IEnumerable<IdleMod> mods)
    {
        var text = new StringBuilder()
            .Append("The attached mods have not updated in ").Append(days.ToString(CultureInfo.InvariantCulture))
            .Append(" or more days. Freeze them to save the bot some CPU cycles.\n\n")
            .Append("Mod | Last Update\n:-- | :--");
        foreach (var mod in mods.OrderBy(x => x.LastUpdate))
        {
            var links = mod.Resources.OrderBy(x => x.Key, StringComparer.Ordinal).Select(x => $"[{x.Key}]({x.Value})").ToList();
            text.Append('\n').Append("**").Append(mod.Identifier).Append("**");
            if (links.Count > 0)
            {
                text.Append("<br>").AppendJoin(" \\| ", links);
            }
            text.Append(" | ").Append(mod.LastUpdate.UtcDateTime.ToString("yyyy-MM-dd HH:mm", CultureInfo.InvariantCulture)).Append(" UTC");
        }
        return text.ToString();
    }
}
