using System.Text.Json;
using System.Text.Json.Nodes;
using Json.Schema;

namespace NetKAN.Bus.Metadata.Validation;

/// <summary>
/// Validates .ckan modules against CKAN.schema with JsonSchema.Net. The schema is compiled once; one instance is
/// safe to use from many threads, and <see cref="ValidateFiles"/> spreads files across cores.
/// </summary>
/// <remarks>
/// <list type="bullet">
/// <item>CKAN.schema declares draft-04, which JsonSchema.Net does not implement (it starts at draft 6). The schema
/// only uses keywords whose meaning did not change between draft 4 and draft 7 (no boolean exclusiveMinimum, no
/// <c>id</c>), so we drop <c>$schema</c> and evaluate it as draft 7.</item>
/// <item><c>format</c> is enforced, as the CKAN inflator's NJsonSchema validator does. <c>uri</c> means what it means
/// to .NET and NJsonSchema: <see cref="Uri.TryCreate(string, UriKind, out Uri)"/> as an absolute URI.
/// JsonSchema.Net's stricter RFC 3986 check rejects 69 CKAN-meta files (e.g. SpaceDock URLs with %-escaped
/// full-width parentheses) that CKAN accepts.</item>
/// <item>Files are first checked with the cheap pass/fail output; only failures are evaluated again with the
/// detailed output and explained (<see cref="SchemaErrorExplainer"/>).</item>
/// </list>
/// </remarks>
public sealed class CkanSchemaValidator
{
    private const string EmbeddedSchemaName = "NetKAN.Bus.Metadata.Schema.CKAN.schema";

    private static readonly Lazy<CkanSchemaValidator> DefaultLazy = new(() => new CkanSchemaValidator());

    private readonly JsonSchema _schema;
    private readonly JsonObject _schemaNode;
    private readonly EvaluationOptions _flagOptions;
    private readonly EvaluationOptions _detailOptions;

    /// <summary>
    /// Compiles a schema. <paramref name="schemaPathOrText"/> is JSON text (starting with <c>{</c>), a path to a
    /// schema file, or null for the CKAN.schema embedded in this assembly.
    /// </summary>
    public CkanSchemaValidator(string? schemaPathOrText = null)
    {
        var text = schemaPathOrText switch
        {
            null => ReadEmbeddedSchema(),
            var s when s.TrimStart().StartsWith('{') => s,
            var path => File.ReadAllText(path),
        };
        _schemaNode = JsonNode.Parse(text) as JsonObject
            ?? throw new ArgumentException("The schema must be a JSON object", nameof(schemaPathOrText));

        var compiled = (JsonObject)_schemaNode.DeepClone();
        compiled.Remove("$schema");
        _schema = JsonSchema.FromText(compiled.ToJsonString(), new BuildOptions { Dialect = Dialect.Draft07 });

        var formats = new FormatRegistry();
        formats.Register(new PredicateFormat("uri", IsAbsoluteUri));
        _flagOptions = new EvaluationOptions
        {
            OutputFormat = OutputFormat.Flag,
            RequireFormatValidation = true,
            FormatRegistry = formats,
        };
        _detailOptions = new EvaluationOptions
        {
            OutputFormat = OutputFormat.Hierarchical,
            RequireFormatValidation = true,
            FormatRegistry = formats,
        };
    }

    /// <summary>A shared validator for the embedded CKAN.schema.</summary>
    public static CkanSchemaValidator Default => DefaultLazy.Value;

    /// <summary>The embedded CKAN.schema text.</summary>
    public static string ReadEmbeddedSchema()
    {
        using var stream = typeof(CkanSchemaValidator).Assembly.GetManifestResourceStream(EmbeddedSchemaName)
            ?? throw new InvalidOperationException($"Embedded resource {EmbeddedSchemaName} is missing from the build");
        using var reader = new StreamReader(stream);
        return reader.ReadToEnd();
    }

    public SchemaValidationResult Validate(JsonNode ckan, string fileName)
    {
        ArgumentNullException.ThrowIfNull(ckan);
        return Validate(JsonSerializer.SerializeToElement(ckan), fileName);
    }

    public SchemaValidationResult Validate(JsonElement ckan, string fileName)
    {
        ArgumentNullException.ThrowIfNull(fileName);
        if (_schema.Evaluate(ckan, _flagOptions).IsValid)
        {
            return new SchemaValidationResult(fileName, []);
        }
        var detail = _schema.Evaluate(ckan, _detailOptions);
        var errors = new SchemaErrorExplainer(_schemaNode, ckan, fileName).Explain(detail);
        return new SchemaValidationResult(fileName, errors);
    }

    /// <summary>Validates .ckan JSON text; text that is not JSON is reported as an error, not thrown.</summary>
    public SchemaValidationResult ValidateText(ReadOnlySpan<byte> utf8Json, string fileName) =>
        ValidateUtf8(utf8Json.ToArray(), fileName);

    private SchemaValidationResult ValidateUtf8(ReadOnlyMemory<byte> utf8Json, string fileName)
    {
        JsonDocument document;
        try
        {
            document = JsonDocument.Parse(Utf8.WithoutBom(utf8Json));
        }
        catch (JsonException e)
        {
            var where = e.LineNumber is { } line ? $" (line {line + 1})" : "";
            return new SchemaValidationResult(fileName, [new SchemaError(fileName, "", "json", $"not valid JSON{where}: {e.Message}")]);
        }
        using (document)
        {
            return Validate(document.RootElement, fileName);
        }
    }

    /// <summary>Reads and validates one file; the result is named by the path as given.</summary>
    public SchemaValidationResult ValidateFile(string path)
    {
        byte[] bytes;
        try
        {
            bytes = File.ReadAllBytes(path);
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            return new SchemaValidationResult(path, [new SchemaError(path, "", "io", $"cannot read the file: {e.Message}")]);
        }
        return ValidateUtf8(bytes, path);
    }

    /// <summary>Validates many files in parallel; results come back in input order.</summary>
    public IReadOnlyList<SchemaValidationResult> ValidateFiles(IReadOnlyList<string> paths, CancellationToken ct = default)
    {
        ArgumentNullException.ThrowIfNull(paths);
        var results = new SchemaValidationResult[paths.Count];
        Parallel.For(0, paths.Count, new ParallelOptions { CancellationToken = ct }, i => results[i] = ValidateFile(paths[i]));
        return results;
    }

    private static bool IsAbsoluteUri(JsonElement value) =>
        value.ValueKind != JsonValueKind.String || IsAbsoluteUri(value.GetString()!);

    // On Linux, .NET also takes "/some/path" as an absolute (implicit file) URI; CKAN runs the check on Windows,
    // where it does not, so we additionally require an explicit scheme. Like Uri itself we ignore surrounding
    // spaces: 7 CKAN-meta files have a remote-avc URL with a leading space, and CKAN accepts them.
    private static bool IsAbsoluteUri(string text)
    {
        text = text.Trim();
        var colon = text.IndexOf(':');
        if (colon <= 0 || !char.IsAsciiLetter(text[0]))
        {
            return false;
        }
        foreach (var c in text.AsSpan(0, colon))
        {
            if (!char.IsAsciiLetterOrDigit(c) && c is not ('+' or '-' or '.'))
            {
                return false;
            }
        }
        return Uri.TryCreate(text, UriKind.Absolute, out _);
    }
}
