using System.Globalization;
using System.Text.Json;
using System.Text.Json.Nodes;
using NetKAN.Bus.Metadata.Versions;
using NetKAN.Bus.Contracts;

namespace NetKAN.Bus.Metadata.Ckan;

/// <summary>The download hashes of a module (uppercase hex in CKAN-meta); either may be missing.</summary>
public sealed record DownloadHash(string? Sha1, string? Sha256);

/// <summary>
/// A light typed view of a .ckan module: the fields the indexer, mirrorer and scheduler read. Everything else is in
/// <see cref="Json"/>. Only <c>identifier</c> and <c>version</c> are required here; full checking is
/// <see cref="Validation.CkanSchemaValidator"/>'s job.
/// </summary>
public sealed class CkanModule
{
    private CkanModule(JsonObject json, string source)
    {
        Json = json;
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
        Authors = StringOrList(json["author"]);
        Licenses = StringOrList(json["license"]);
        Downloads = StringOrList(json["download"]);
        DownloadSize = ReadLong(json["download_size"]);
        DownloadContentType = OptionalString(json, "download_content_type");
        DownloadHash = json["download_hash"] is JsonObject hash
            ? new DownloadHash(OptionalString(hash, "sha1"), OptionalString(hash, "sha256"))
            : null;
        Resources = ReadResources(json["resources"]);
        ReleaseDate = ReadDate(OptionalString(json, "release_date"));
    }

    /// <summary>The whole module as parsed.</summary>
    public JsonObject Json { get; }

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
        JsonNode? node;
        try
        {
            // Duplicate keys would otherwise surface later, at first access, as an ArgumentException.
            node = JsonNode.Parse(json, null, new JsonDocumentOptions { AllowDuplicateProperties = false });
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
        return node is JsonObject obj
            ? new CkanModule(obj, source)
            : throw new MetadataException(source, "a .ckan file must hold a JSON object");
    }

    /// <summary>Wraps an already parsed module.</summary>
    public static CkanModule FromJson(JsonObject json, string? fileName = null)
    {
        ArgumentNullException.ThrowIfNull(json);
        return new CkanModule(json, fileName ?? "input");
    }

    public static bool IsPrereleaseStatus(string? releaseStatus) => releaseStatus is "testing" or "development";

    public override string ToString() => $"{Identifier} {Version}";

    private static string RequiredString(JsonObject json, string key, string source) =>
        json[key] switch
        {
            JsonValue value when value.TryGetValue<string>(out var s) => s,
            JsonValue value when value.GetValueKind() == JsonValueKind.String => value.GetValue<string>(),
            null => throw new MetadataException(source, $"missing required property \"{key}\""),
            var other => throw new MetadataException(source, $"\"{key}\" must be a string, not {other.ToJsonString()}"),
        };

    private static string? OptionalString(JsonObject json, string key) =>
        json[key] is JsonValue value && value.GetValueKind() == JsonValueKind.String ? value.GetValue<string>() : null;

    private static IReadOnlyList<string> StringOrList(JsonNode? node) => node switch
    {
        JsonValue value when value.GetValueKind() == JsonValueKind.String => [value.GetValue<string>()],
        JsonArray array => array.OfType<JsonValue>()
            .Where(v => v.GetValueKind() == JsonValueKind.String)
            .Select(v => v.GetValue<string>())
            .ToArray(),
        _ => [],
    };

    private static long? ReadLong(JsonNode? node) => node switch
    {
        JsonValue value when value.TryGetValue<long>(out var n) => n,
        JsonValue value when value.GetValueKind() == JsonValueKind.Number
            && long.TryParse(value.ToJsonString(), NumberStyles.Integer, CultureInfo.InvariantCulture, out var n) => n,
        _ => null,
    };

    private static IReadOnlyDictionary<string, string> ReadResources(JsonNode? node)
    {
        var result = new Dictionary<string, string>(StringComparer.Ordinal);
        if (node is JsonObject resources)
        {
            foreach (var (key, value) in resources)
            {
                if (value is JsonValue v && v.GetValueKind() == JsonValueKind.String)
                {
                    result[key] = v.GetValue<string>();
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
