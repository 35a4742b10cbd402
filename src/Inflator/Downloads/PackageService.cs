using System.Globalization;
using System.Text.Json.Nodes;
using NetKAN.Bus.Inflator.Install;
using NetKAN.Bus.Inflator.Json;

namespace NetKAN.Bus.Inflator.Downloads;

/// <summary>
/// Downloads a module's package once per inflation (through the cache) and opens it for the transformers and
/// validators that look inside (internal .ckan, .version files, localizations, install_size, validators).
/// </summary>
internal sealed class PackageService(DownloadCache cache)
{
    public DownloadCache Cache => cache;

    /// <summary>The first download URL of a module (a string, or the first element of an array).</summary>
    public static string? DownloadUrl(JsonObject module) => module["download"] switch
    {
        JsonArray array => array.Count > 0 ? array[0].AsString() : null,
        var node => node.AsString(),
    };

    public async Task<CachedDownload> DownloadAsync(JsonObject module, InflationContext context, CancellationToken ct)
    {
        var url = DownloadUrl(module) ?? throw new InflationException($"{context.Identifier}: module has no download URL");
        lock (context.Downloads)
        {
            if (context.Downloads.TryGetValue(url, out var known))
            {
                return known;
            }
        }
        DateTimeOffset? released = DateTimeOffset.TryParse(module.GetString("release_date"), CultureInfo.InvariantCulture,
            DateTimeStyles.AssumeUniversal, out var r) ? r : null;
        var download = await cache.GetAsync(url, context.Identifier, released, ct).ConfigureAwait(false);
        lock (context.Downloads)
        {
            context.Downloads[url] = download;
            if (!download.FromCache)
            {
                context.FreshDownloads.Add(url);
            }
        }
        return download;
    }

    /// <summary>The package's entries, or null when the module has no download or the package is not a zip.</summary>
    public async Task<PackageContents?> OpenIfDownloadableAsync(JsonObject module, InflationContext context, CancellationToken ct) =>
        DownloadUrl(module) is null ? null : await OpenAsync(module, context, ct).ConfigureAwait(false);

    /// <summary>The package's entries, or null when it is not a zip.</summary>
    public async Task<PackageContents?> OpenAsync(JsonObject module, InflationContext context, CancellationToken ct)
    {
        var download = await DownloadAsync(module, context, ct).ConfigureAwait(false);
        if (download.Kind != FileKind.Zip)
        {
            return null;
        }
        lock (context.OpenPackages)
        {
            if (!context.OpenPackages.TryGetValue(download.Path, out var contents))
            {
                contents = PackageContents.Open(download.Path);
                context.OpenPackages[download.Path] = contents;
            }
            return contents;
        }
    }

    /// <summary>The files the module's install stanzas (or the default stanza) would install.</summary>
    public static IReadOnlyList<InstallableFile> InstallableFiles(JsonObject module, PackageContents contents, InflationContext context)
    {
        var identifier = module.GetString("identifier") ?? context.Identifier;
        var stanzas = InstallStanza.For(module, identifier, context.Game.ModRoot);
        return InstallPlanner.FindInstallableFiles(stanzas, contents.Entries, context.Game, identifier);
    }
}
