using System.Text.Json.Nodes;
using System.Text.RegularExpressions;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;
using NetKAN.Bus.Contracts.Configuration;
using NetKAN.Bus.Contracts.Games;
using NetKAN.Bus.Services.GitHub;
using NetKAN.Bus.Services.Upstreams;
using Octokit;

namespace NetKAN.Bus.Services.SpaceDockAdder;

/// <summary>
/// Writes the netkan for a SpaceDock add request, as the original's <c>make_netkan</c>: a GitHub document first when
/// the mod's source link is a GitHub repository with a latest release (<c>$kref</c> to it, <c>use_source_archive</c>
/// when the release has no assets, a <c>x_netkan_version_edit</c> for a tag prefix, the analyzer's <c>$vref</c>), then
/// the SpaceDock document (<c>$kref</c>, the analyzer's <c>$vref</c>, tags, depends, install, <c>x_via</c>).
/// </summary>
public sealed partial class NetkanDrafts(
    GitHubClients gitHub,
    IHttpClientFactory http,
    IOptions<UpstreamOptions> upstreams,
    ILogger<NetkanDrafts> logger)
{
    public async Task<IReadOnlyList<JsonObject>> BuildAsync(SpaceDockAddRequest request, GameId game, CancellationToken cancellationToken)
    {
        var identifier = request.Identifier;
        var documents = new List<JsonObject>();
        if (await GitHubDocumentAsync(identifier, request["source_link"], game, cancellationToken).ConfigureAwait(false) is { } github)
        {
            documents.Add(github);
        }

        var download = UpstreamOptions.Combine(upstreams.Value.SpaceDock, $"mod/{request["id"]}/{request.Name}/download").AbsoluteUri;
        var analysis = await AnalyzeAsync(identifier, download, game, cancellationToken).ConfigureAwait(false);
        var spaceDock = new JsonObject
        {
            ["identifier"] = identifier,
            ["$kref"] = $"#/ckan/spacedock/{request["id"]}",
        };
        if (analysis.Vref is { } vref)
        {
            spaceDock["$vref"] = vref;
        }
        if (analysis.Tags.Count > 0)
        {
            spaceDock["tags"] = new JsonArray(analysis.Tags.Select(x => (JsonNode?)JsonValue.Create(x)).ToArray());
        }
        if (analysis.Depends.Count > 0)
        {
            spaceDock["depends"] = new JsonArray(analysis.Depends.Select(x => (JsonNode?)new JsonObject { ["name"] = x }).ToArray());
        }
        if (analysis.Install is { } install)
        {
            spaceDock["install"] = install;
        }
        spaceDock["x_via"] = $"Automated {request.SiteName} CKAN submission";
        documents.Add(spaceDock);
        return documents;
    }

    private async Task<JsonObject?> GitHubDocumentAsync(string identifier, string sourceLink, GameId game, CancellationToken cancellationToken)
    {
        if (!Uri.TryCreate(sourceLink, UriKind.Absolute, out var uri) || uri.Host != "github.com"
            || GitHubPath().Match(uri.AbsolutePath) is not { Success: true } path)
        {
            return null;
        }
        var (owner, name) = (path.Groups[1].Value, path.Groups[2].Value);
        Repository repository;
        Release release;
        try
        {
            repository = await gitHub.Client.Repository.Get(owner, name).WaitAsync(cancellationToken).ConfigureAwait(false);
        }
        catch (ApiException e)
        {
            logger.LogError("Failed to get GitHub repo from SpaceDock source url {Url}: {Problem}", sourceLink, e.Message);
            return null;
        }
        try
        {
            release = await gitHub.Client.Repository.Release.GetLatest(owner, name).WaitAsync(cancellationToken).ConfigureAwait(false);
        }
        catch (ApiException)
        {
            logger.LogWarning("No releases found on GitHub for {Identifier}, omitting GitHub section", identifier);
            return null;
        }

        var useSourceArchive = release.Assets.Count == 0;
        var download = useSourceArchive ? release.ZipballUrl : release.Assets[0].BrowserDownloadUrl;
        var analysis = await AnalyzeAsync(identifier, download, game, cancellationToken).ConfigureAwait(false);
        var document = new JsonObject
        {
            ["identifier"] = identifier,
            ["$kref"] = $"#/ckan/github/{repository.FullName}",
        };
        if (useSourceArchive)
        {
            document["x_netkan_github"] = new JsonObject { ["use_source_archive"] = true };
        }
        var digit = release.TagName.IndexOfAny("0123456789".ToCharArray());
        if (digit > 0)
        {
            document["x_netkan_version_edit"] = $"^{release.TagName[..digit]}?(?<version>.+)$";
        }
        if (analysis.Vref is { } vref)
        {
            document["$vref"] = vref;
        }
        return document;
    }

    /// <summary>Downloads an archive to a temporary file and analyzes it; a failure is logged and yields nothing.</summary>
    private async Task<ModAnalysis> AnalyzeAsync(string identifier, string url, GameId game, CancellationToken cancellationToken)
    {
        var temp = Path.Combine(Path.GetTempPath(), $"netkan-analyze-{Guid.NewGuid():N}");
        try
        {
            using (var reply = await http.CreateClient(ServiceHttp.ClientName)
                       .GetAsync(url, HttpCompletionOption.ResponseHeadersRead, cancellationToken).ConfigureAwait(false))
            {
                reply.EnsureSuccessStatusCode();
                await using var file = File.Create(temp);
                await reply.Content.CopyToAsync(file, cancellationToken).ConfigureAwait(false);
            }
            return ModAnalyzer.Analyze(identifier, temp, game);
        }
        catch (Exception e) when (e is HttpRequestException or IOException or InvalidDataException or TaskCanceledException
                                  && !cancellationToken.IsCancellationRequested)
        {
            logger.LogError("Failed to analyze {Identifier} from {Url}: {Problem}", identifier, url, e.Message);
            return ModAnalysis.Empty;
        }
        finally
        {
            File.Delete(temp);
        }
    }

    [GeneratedRegex("^/([^/]+)/([^/]+)")]
    private static partial Regex GitHubPath();
}
