using System.Globalization;
using System.Text.Json;
using NetKAN.Bus.Metadata.Versions;
using NetKAN.Bus.Contracts;

namespace NetKAN.Bus.Metadata.Ckan;

/// <summary>The download hashes of a module (uppercase hex in CKAN-meta); either may be missing.</summary>
public sealed record DownloadHash(string? Sha1, string? Sha256);

/// <summary>
/// A light typed view of a .ckan module: the fields the indexer, mirrorer and scheduler read (nothing else is kept).
/// Only <c>identifier</c> and <c>version</c> are required here; full checking is
/// <see cref="Validation.CkanSchemaValidator"/>'s job.
/// </summary>
public sealed class CkanModule
{
    // Read straight off a JsonDocument: every typed field is copied out, so the document is returned to its pool at
    // once. (A JsonNode tree cost twice as much per parse, and nothing read the tree afterwards.)
    private CkanModule(JsonElement json, string source)
    {
        Identifier = RequiredString(json, "identifier", source);
        var versionText = RequiredString(json, "version", source);
        if (!ModuleVersion.TryParse(versionText, out var version))
        {
            throw new MetadataException(source, $"version \"{versionText}\" is not a valid CKAN version");
        }
        Version = version;
        ReleaseStatus = OptionalString(json, "release_status");
        Kind = OptionalString(json, "kind") ?? "package";
        Name = OptionalString(json, "name");
        Abstract = OptionalString(json, "abstract");
        Authors = StringOrList(json, "author");
        Licenses = StringOrList(json, "license");
        Downloads = StringOrList(json, "download");
        DownloadSize = json.TryGetProperty("download_size", out var size)
            && size.ValueKind == JsonValueKind.Number && size.TryGetInt64(out var bytes) ? bytes : null;
        DownloadContentType = OptionalString(json, "download_content_type");
        DownloadHash = json.TryGetProperty("download_hash", out var hash) && hash.ValueKind == JsonValueKind.Object
            ? new DownloadHash(OptionalString(hash, "sha1"), OptionalString(hash, "sha256"))
            : null;
        Resources = ReadResources(json);
        ReleaseDate = ReadDate(OptionalString(json, "release_date"));
    }

    public string Identifier { get; }

    public ModuleVersion Version { get; }

    /// <summary><c>stable</c>, <c>testing</c>, <c>development</c>, or null when absent (which means stable).</summary>
    public string? ReleaseStatus { get; }

    /// <summary>testing or development: such modules count towards HighestVersionPrerelease, not HighestVersion.</summary>
    public bool IsPrerelease => IsPrereleaseStatus(ReleaseStatus);

    /// <summary><c>package</c> (the default), <c>metapackage</c> or <c>dlc</c>.</summary>
    public string Kind { get; }

    public string? Name { get; }

    public string? Abstract { get; }

    /// <summary><c>author</c> as a list (CKAN allows a string or an array).</summary>
    public IReadOnlyList<string> Authors { get; }

    /// <summary><c>license</c> as a list (a string or an array).</summary>
    public IReadOnlyList<string> Licenses { get; }

    /// <summary><c>download</c> as a list (a string or an array; empty for metapackages and DLC).</summary>
    public IReadOnlyList<string> Downloads { get; }

    public DownloadHash? DownloadHash { get; }

    public long? DownloadSize { get; }

    public string? DownloadContentType { get; }

    /// <summary>String-valued entries of <c>resources</c> (homepage, repository, ...), in file order.</summary>
    public IReadOnlyDictionary<string, string> Resources { get; }

    public DateTimeOffset? ReleaseDate { get; }

    /// <summary>Parses .ckan JSON text; errors name <paramref name="fileName"/> when given.</summary>
    public static CkanModule Parse(string json, string? fileName = null)
    {
        ArgumentNullException.ThrowIfNull(json);
        var source = fileName ?? "input";
        if (json.Length > InputLimits.MaxDocumentChars)
        {
            throw new MetadataException(source,
                $"is {json.Length:N0} characters long; at most {InputLimits.MaxDocumentChars:N0} are accepted");
        }
        JsonDocument document;
        try
        {
            // Duplicate keys are refused, as CKAN's own reader does not settle which one wins.
            document = JsonDocument.Parse(json, new JsonDocumentOptions { AllowDuplicateProperties = false });
        }
        catch (JsonException e)
        {
            throw new MetadataException(source, $"not valid JSON: {e.Message}", (int?)e.LineNumber + 1, e);
        }
        catch (ArgumentException e)
        {
            // System.Text.Json refuses text that cannot be UTF-8 (a lone UTF-16 surrogate) with an ArgumentException.
            throw new MetadataException(source, $"not valid text: {e.Message}", inner: e);
        }
        using (document)
        {
            return document.RootElement.ValueKind == JsonValueKind.Object
                ? new CkanModule(document.RootElement, source)
                : throw new MetadataException(source, "a .ckan file must hold a JSON object");
        }
    }

    public static bool IsPrereleaseStatus(string? releaseStatus) => releaseStatus is "testing" or "development";

    public override string ToString() => $"{Identifier} {Version}";

    /// <summary>A property's value, with JSON null read as absent.</summary>
    private static bool TryGet(JsonElement json, string key, out JsonElement value) =>
        json.TryGetProperty(key, out value) && value.ValueKind != JsonValueKind.Null;

    private static string RequiredString(JsonElement json, string key, string source)
    {
        if (!TryGet(json, key, out var value))
        {
            throw new MetadataException(source, $"missing required property \"{key}\"");
        }
        return value.ValueKind == JsonValueKind.String
            ? value.GetString()!
            : throw new MetadataException(source, $"\"{key}\" must be a string, not {JsonSerializer.Serialize(value)}");
    }

    private static string? OptionalString(JsonElement json, string key) =>
        json.TryGetProperty(key, out var value) && value.ValueKind == JsonValueKind.String ? value.GetString() : null;

    private static IReadOnlyList<string> StringOrList(JsonElement json, string key)
    {
        if (!json.TryGetProperty(key, out var value))
        {
            return [];
        }
        if (value.ValueKind == JsonValueKind.String)
        {
            return [value.GetString()!];
        }
        if (value.ValueKind != JsonValueKind.Array)
        {
            return [];
        }
        var list = new List<string>(value.GetArrayLength());
        foreach (var item in value.EnumerateArray())
        {
            if (item.ValueKind == JsonValueKind.String)
            {
                list.Add(item.GetString()!);
            }
        }
        return list;
    }

    /// <summary>String-valued entries of <c>resources</c>, in file order.</summary>
    private static IReadOnlyDictionary<string, string> ReadResources(JsonElement json)
    {
        var result = new Dictionary<string, string>(StringComparer.Ordinal);
        if (json.TryGetProperty("resources", out var resources) && resources.ValueKind == JsonValueKind.Object)
        {
            foreach (var entry in resources.EnumerateObject())
            {
                if (entry.Value.ValueKind == JsonValueKind.String)
                {
                    result[entry.Name] = entry.Value.GetString()!;
                }
            }
        }
        return result;
    }

    // CKAN-meta has both "...Z" and "...+00:00" forms; anything unparseable is treated as absent.
    private static DateTimeOffset? ReadDate(string? text) =>
        text is not null
        && DateTimeOffset.TryParse(text, CultureInfo.InvariantCulture, DateTimeStyles.AssumeUniversal, out var date)
            ? date
            : null;
}
