using System.Text.Json.Serialization;
using System.Text.Json;
using Microsoft.Extensions.Options;
using NetKAN.Bus.Contracts.Configuration;
using NetKAN.Bus.Inflator.Http;

namespace NetKAN.Bus.Inflator.Sources;

/// <summary>The fields of SpaceDock's <c>/api/mod/{id}</c> the inflator uses.</summary>
public sealed record SpaceDockMod
{
    [JsonPropertyName("id")] public int Id { get; init; }
    [JsonPropertyName("name")] public string? Name { get; init; }
    [JsonPropertyName("short_description")] public string? ShortDescription { get; init; }
    [JsonPropertyName("author")] public string? Author { get; init; }
    [JsonPropertyName("shared_authors")] public IReadOnlyList<SpaceDockSharedAuthor>? SharedAuthors { get; init; }
    [JsonPropertyName("license")] public string? License { get; init; }
    [JsonPropertyName("website")] public string? Website { get; init; }
    [JsonPropertyName("source_code")] public string? SourceCode { get; init; }
    [JsonPropertyName("background")] public string? Background { get; init; }
    [JsonPropertyName("default_version_id")] public int? DefaultVersionId { get; init; }
    [JsonPropertyName("versions")] public IReadOnlyList<SpaceDockVersion>? Versions { get; init; }

    /// <summary>The default version first, then the rest in SpaceDock's order.</summary>
    public IEnumerable<SpaceDockVersion> OrderedVersions() =>
        (Versions ?? []).OrderBy(v => v.Id == DefaultVersionId ? 0 : 1);
}

public sealed record SpaceDockSharedAuthor
{
    [JsonPropertyName("username")] public string? Username { get; init; }
}

public sealed record SpaceDockVersion
{
    [JsonPropertyName("id")] public int Id { get; init; }
    [JsonPropertyName("friendly_version")] public string? FriendlyVersion { get; init; }
    [JsonPropertyName("game_version")] public string? GameVersion { get; init; }
    [JsonPropertyName("download_path")] public string? DownloadPath { get; init; }
    [JsonPropertyName("created")] public string? Created { get; init; }
}

/// <summary>SpaceDock client: <c>GET {Upstreams:SpaceDock}/api/mod/{id}</c>.</summary>
internal sealed class SpaceDockApi(UpstreamHttp http, IOptions<UpstreamOptions> upstreams)
{
    private static readonly JsonSerializerOptions Json = new()
    {
        NumberHandling = JsonNumberHandling.AllowReadingFromString,
    };

    public string BaseUrl => upstreams.Value.SpaceDock.TrimEnd('/');

    public async Task<SpaceDockMod> GetModAsync(int id, CancellationToken ct)
    {
        var url = UpstreamOptions.Combine(BaseUrl, $"api/mod/{id}");
        var response = await http.GetTextResponseAsync(url, null, ct).ConfigureAwait(false);
        JsonElement root;
        try
        {
            using var doc = JsonDocument.Parse(response.Body);
            root = doc.RootElement.Clone();
        }
        catch (JsonException)
        {
            throw new UpstreamException(url.AbsoluteUri, (int)response.Status,
                $"Could not get the mod from SpaceDock: {(int)response.Status} {response.Status} from {url.AbsoluteUri}");
        }
        if (root.ValueKind == JsonValueKind.Object && root.TryGetProperty("error", out var error) && error.ValueKind == JsonValueKind.True)
        {
            var reason = root.TryGetProperty("reason", out var r) ? r.ToString() : "unknown";
            throw new InflationException($"Could not get the mod from SpaceDock, reason: {reason}");
        }
        if (!response.IsSuccess)
        {
            throw new UpstreamException(url.AbsoluteUri, (int)response.Status,
                $"Could not get the mod from SpaceDock: {(int)response.Status} {response.Status} from {url.AbsoluteUri}");
        }
        return root.Deserialize<SpaceDockMod>(Json)
               ?? throw new InflationException($"Could not get the mod from SpaceDock: empty answer from {url.AbsoluteUri}");
    }

    /// <summary>The mod page: <c>{base}/mod/{id}/{name with spaces as %20}</c>.</summary>
    public string PageUrl(SpaceDockMod mod) => $"{BaseUrl}/mod/{mod.Id}/{(mod.Name ?? "").Replace(" ", "%20", StringComparison.Ordinal)}";

    /// <summary>The download URL: <c>{base}/{download_path without leading '/'}</c>, spaces as %20.</summary>
    public string DownloadUrl(SpaceDockVersion version) =>
        $"{BaseUrl}/{(version.DownloadPath ?? "").TrimStart('/')}".Replace(" ", "%20", StringComparison.Ordinal);
}
