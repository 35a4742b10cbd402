using System.Text.RegularExpressions;
using NetKAN.Bus.Metadata.Ckan;
using NetKAN.Bus.Services.Mirrorer;

namespace NetKAN.Bus.Services.DownloadCounter;

public enum DownloadHost
{
    GitHub,
    SpaceDock,
    Archive,
    SourceForge,
}

/// <summary>Where one download URL's count comes from: a GitHub repository (owner/name), a SpaceDock mod id, an
/// archive.org item or a SourceForge project.</summary>
public sealed record DownloadSource(DownloadHost Host, string Key)
{
    public override string ToString() => $"{Host}:{Key}";
}

/// <summary>Recognises the download URLs the original counted.</summary>
public static partial class DownloadSources
{
    /// <summary>
    /// Every source of a module: one per download URL (github.com <c>/owner/repo</c>, spacedock.info <c>/mod/&lt;id&gt;</c>,
    /// archive.org <c>/download/&lt;item&gt;</c>, *.sourceforge.net <c>/project/&lt;name&gt;</c>), including the implicit
    /// archive.org mirror of a redistributable module; each source once.
    /// </summary>
    public static IReadOnlyList<DownloadSource> Of(CkanModule module)
    {
        var urls = module.Downloads.ToList();
        var mirror = new CkanMirror(module, "");
        if (mirror.Redistributable && mirror.MirrorDownloadUrl is { } mirrored)
        {
            urls.Add(mirrored);
        }
        // An archive.org download is counted under the item the mirrorer uploads to (sanitised, as the original asks
        // for), not the item spelled in the URL, which differs for versions with characters outside [A-Za-z0-9._-].
        return urls.Select(Classify).OfType<DownloadSource>()
            .Select(x => x.Host == DownloadHost.Archive ? x with { Key = mirror.Item } : x)
            .Distinct().ToList();
    }

    public static DownloadSource? Classify(string url)
    {
        if (!Uri.TryCreate(url, UriKind.Absolute, out var uri))
        {
            return null;
        }
        var host = uri.Host.ToLowerInvariant();
        var path = uri.AbsolutePath;
        if (host == "github.com" && GitHubPath().Match(path) is { Success: true } github)
        {
            return new DownloadSource(DownloadHost.GitHub, $"{github.Groups[1].Value}/{github.Groups[2].Value}");
        }
        if (host == "spacedock.info" && SpaceDockPath().Match(path) is { Success: true } spacedock)
        {
            return int.TryParse(spacedock.Groups[1].Value, out var id) ? new DownloadSource(DownloadHost.SpaceDock, id.ToString(System.Globalization.CultureInfo.InvariantCulture)) : null;
        }
        if (host == "archive.org" && ArchivePath().Match(path) is { Success: true } archive)
        {
            return new DownloadSource(DownloadHost.Archive, Uri.UnescapeDataString(archive.Groups[1].Value));
        }
        if ((host == "sourceforge.net" || host.EndsWith(".sourceforge.net", StringComparison.Ordinal))
            && SourceForgePath().Match(path) is { Success: true } sourceForge)
        {
            return new DownloadSource(DownloadHost.SourceForge, sourceForge.Groups[1].Value);
        }
        return null;
    }

    [GeneratedRegex("^/([^/]+)/([^/]+)")]
    private static partial Regex GitHubPath();

    [GeneratedRegex("^/mod/([^/]+)")]
    private static partial Regex SpaceDockPath();

    [GeneratedRegex("^/download/([^/]+)")]
    private static partial Regex ArchivePath();

    [GeneratedRegex("^/project/([^/]+)")]
    private static partial Regex SourceForgePath();
}
