using System.Text.Json.Nodes;

namespace NetKAN.Bus.Metadata.Documents;

/// <summary>
/// A <c>.netkan</c> or <c>.frozen</c> file from the NetKAN repository: its text, its parsed documents and the few
/// facts the scheduler and webhooks need (identifier, kref, hook-only, out-of-order, staging).
/// </summary>
/// <remarks>
/// The identifier comes from the first document and must equal the file name without its extension. The
/// convenience properties read the first document only, as NetKAN-Infra does.
/// <para>
/// <c>.frozen</c> files are archival and never inflated, and NetKAN-Infra knows a frozen mod only by its file name
/// (<c>NetKAN/&lt;id&gt;.frozen</c>). So they are read leniently and their <see cref="Identifier"/> is always the
/// file name: duplicate keys keep the last value (4 frozen files in the corpus have them), a plain-text file, the
/// legacy placeholder format (150 in the corpus), parses with no documents, and a document identifier that is
/// missing (2 comment-only "suppression" files) or different (<c>VirginKalactic-NodeToggle.frozen.frozen</c>) is
/// not an error. <see cref="DocumentIdentifier"/> still tells what the document says.
/// </para>
/// </remarks>
public sealed class NetkanFile
{
    public const string NetkanExtension = ".netkan";
    public const string FrozenExtension = ".frozen";

    private NetkanFile(string path, string identifier, string? documentIdentifier, bool frozen, string text, IReadOnlyList<JsonObject> documents)
    {
        Path = path;
        Identifier = identifier;
        DocumentIdentifier = documentIdentifier;
        Frozen = frozen;
        Text = text;
        Documents = documents;
        var first = documents.Count > 0 ? documents[0] : null;
        Kref = ReadKref(first, path);
        Vref = first?["$vref"] is JsonValue vref && vref.TryGetValue<string>(out var v) ? v : null;
        AllowOutOfOrder = IsTruthy(first?["x_netkan_allow_out_of_order"]);
        Staged = IsTruthy(first?["x_netkan_staging"]);
    }

    /// <summary>The path given to <see cref="Load"/>, or the file name given to <see cref="Parse"/>.</summary>
    public string Path { get; }

    /// <summary>The mod's identifier: the file name without extension, which for a <c>.netkan</c> is checked to equal
    /// the first document's <c>identifier</c>.</summary>
    public string Identifier { get; }

    /// <summary>The first document's <c>identifier</c>, or null when there is none (only possible in <c>.frozen</c>).</summary>
    public string? DocumentIdentifier { get; }

    /// <summary>True for a <c>.frozen</c> file (a mod that is no longer inflated).</summary>
    public bool Frozen { get; }

    /// <summary>The file's text, unchanged (this is what goes into the inflation message body).</summary>
    public string Text { get; }

    /// <summary>One object per YAML document; empty only for a legacy plain-text <c>.frozen</c> placeholder.</summary>
    public IReadOnlyList<JsonObject> Documents { get; }

    /// <summary>A legacy <c>.frozen</c> file that holds plain text instead of metadata.</summary>
    public bool IsPlaceholder => Documents.Count == 0;

    /// <summary>The first document's <c>$kref</c>, or null when it has none.</summary>
    public Kref? Kref { get; }

    /// <summary>The first document's <c>$vref</c> text, or null.</summary>
    public string? Vref { get; }

    public bool HasVref => Vref is not null;

    /// <summary>
    /// SpaceDock mods without a <c>$vref</c> are refreshed by SpaceDock's webhook, not by the regular scheduler
    /// (NetKAN-Infra's <c>hook_only()</c>).
    /// </summary>
    public bool IsHookOnly => !HasVref && Kref?.Source == "spacedock";

    /// <summary><c>x_netkan_allow_out_of_order</c> is set: the scheduler must not send HighestVersion attributes.</summary>
    public bool AllowOutOfOrder { get; }

    /// <summary><c>x_netkan_staging</c> is set: the inflated result goes to a staging pull request.</summary>
    public bool Staged { get; }

    public static NetkanFile Load(string path)
    {
        ArgumentNullException.ThrowIfNull(path);
        string text;
        try
        {
            text = File.ReadAllText(path);
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            throw new MetadataException(path, $"cannot read the file: {e.Message}", inner: e);
        }
        return Create(text, path);
    }

    /// <summary>Parses netkan text; <paramref name="fileName"/> (e.g. <c>Foo.netkan</c>) supplies the expected
    /// identifier and whether the file is frozen.</summary>
    public static NetkanFile Parse(string text, string fileName)
    {
        ArgumentNullException.ThrowIfNull(text);
        ArgumentNullException.ThrowIfNull(fileName);
        return Create(text, fileName);
    }

    private static NetkanFile Create(string text, string path)
    {
        var name = System.IO.Path.GetFileName(path);
        var extension = System.IO.Path.GetExtension(name);
        var frozen = string.Equals(extension, FrozenExtension, StringComparison.OrdinalIgnoreCase);
        if (!frozen && !string.Equals(extension, NetkanExtension, StringComparison.OrdinalIgnoreCase))
        {
            throw new MetadataException(name, $"expected a {NetkanExtension} or {FrozenExtension} file");
        }
        var expected = System.IO.Path.GetFileNameWithoutExtension(name);
        var documents = NetkanParser.Parse(text, name, lenient: frozen).Documents;
        var identifier = documents.Count == 0 ? null : documents[0]["identifier"] switch
        {
            JsonValue value when value.TryGetValue<string>(out var s) => s,
            null => frozen ? null : throw new MetadataException(name, "the first document has no identifier"),
            var other => frozen ? null : throw new MetadataException(name, $"identifier must be a string, not {other.ToJsonString()}"),
        };
        if (!frozen && !string.Equals(identifier, expected, StringComparison.Ordinal))
        {
            throw new MetadataException(name,
                $"identifier \"{identifier}\" does not match the file name \"{name}\" (expected \"{expected}\")");
        }
        return new NetkanFile(path, expected, identifier, frozen, text, documents);
    }

    private static Kref? ReadKref(JsonObject? document, string path)
    {
        var node = document?["$kref"];
        if (node is null)
        {
            return null;
        }
        if (node is JsonValue value && value.TryGetValue<string>(out var text) && Kref.TryParse(text, out var kref))
        {
            return kref;
        }
        throw new MetadataException(System.IO.Path.GetFileName(path),
            $"$kref {node.ToJsonString()} is not of the form #/ckan/<source>/<id>");
    }

    // Truthy: JSON true, a non-zero integer, or the text "true" (any case). A quoted 'true' in YAML stays a string,
    // and we do not want it to silently mean false.
    private static bool IsTruthy(JsonNode? node) => node switch
    {
        JsonValue v when v.TryGetValue<bool>(out var b) => b,
        JsonValue v when v.TryGetValue<int>(out var i) => i != 0,
        JsonValue v when v.TryGetValue<string>(out var s) => string.Equals(s.Trim(), "true", StringComparison.OrdinalIgnoreCase),
        _ => false,
    };
}
