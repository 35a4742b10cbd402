using System.Globalization;
using System.Runtime.ExceptionServices;
using System.Text.Json.Nodes;
using YamlDotNet.Core;
using YamlDotNet.Core.Events;
using NetKAN.Bus.Contracts;

namespace NetKAN.Bus.Metadata.Documents;

/// <summary>
/// Reads netkan text (JSON or YAML, possibly several YAML documents) into one <see cref="JsonObject"/> per module.
/// </summary>
/// <remarks>
/// Everything goes through the YAML parser, JSON included, because that is what the CKAN inflator does: a JSON
/// netkan is read as YAML flow style, so the typing rule below applies to it too (<c>"x": 1.5</c> becomes the string
/// "1.5"). Typing: only plain (unquoted) <c>true</c>, <c>false</c>, <c>null</c> and 32-bit integers become
/// non-strings; everything else stays a string (<c>ksp_version: 1.10</c> stays "1.10", <c>yes</c> stays "yes", an
/// empty value is ""). We read YamlDotNet's event stream directly rather than its node model so that errors keep
/// their line numbers and duplicate keys are reported by name.
/// </remarks>
public static class NetkanParser
{
    private const string DefaultSource = "input";

    /// <summary>Parses a netkan: one object per YAML document. Throws <see cref="MetadataException"/> on bad input.</summary>
    public static IReadOnlyList<JsonObject> Parse(string text, string? sourceName = null) =>
        Parse(text, sourceName ?? DefaultSource, lenient: false).Documents;

    /// <summary>
    /// The lenient mode is for archived <c>.frozen</c> files: duplicate keys keep the last value (as Python's json
    /// does) and a document that is plain text (the legacy placeholder format) is reported instead of rejected.
    /// </summary>
    internal static ParseResult Parse(string text, string source, bool lenient)
    {
        ArgumentNullException.ThrowIfNull(text);
        if (text.Length > InputLimits.MaxDocumentChars)
        {
            throw new MetadataException(source,
                $"is {text.Length:N0} characters long; at most {InputLimits.MaxDocumentChars:N0} are accepted");
        }
        try
        {
            return Read(text, source, lenient);
        }
        catch (Exception first) when (first is YamlException or MetadataException && text.Contains('\t'))
        {
            // YAML forbids tabs as indentation, but hand-edited netkans have them. NetKAN-Infra replaces every tab
            // with four spaces; we only do that when the text does not parse as it is, so tabs inside quoted values
            // of otherwise valid files are kept. If that does not help either, the first error is the one to show.
            try
            {
                return Read(text.Replace("\t", "    ", StringComparison.Ordinal), source, lenient);
            }
            catch (Exception retry) when (retry is YamlException or MetadataException)
            {
                if (first is YamlException yaml)
                {
                    throw Wrap(yaml, source);
                }
                ExceptionDispatchInfo.Throw(first);
                throw;
            }
        }
        catch (YamlException e)
        {
            throw Wrap(e, source);
        }
    }

    // YamlDotNet's scanner throws InvalidOperationException instead of a YamlException for some truncated input
    // (e.g. a "[" never closed before the end of the text).
    private static ParseResult Read(string text, string source, bool lenient)
    {
        var parser = new Parser(new StringReader(text));
        try
        {
            return Read(parser, source, lenient);
        }
        catch (InvalidOperationException e) when (e.TargetSite?.DeclaringType?.Assembly == typeof(Parser).Assembly)
        {
            var line = parser.Current is { } current ? (int?)current.End.Line : null;
            throw new MetadataException(source, "not valid YAML/JSON: unexpected end of the text (an unclosed bracket or quote?)", line, e);
        }
    }

    private static ParseResult Read(Parser parser, string source, bool lenient)
    {
        var documents = new List<JsonObject>();
        var plainTextDocuments = 0;
        parser.Consume<StreamStart>();
        var index = 0;
        while (!parser.Accept<StreamEnd>(out _))
        {
            parser.Consume<DocumentStart>();
            index++;
            var reader = new DocumentReader(parser, source, lenient);
            var start = parser.Current?.Start.Line;
            var root = reader.ReadNode(out var rootEvent);
            parser.Consume<DocumentEnd>();

            switch (root)
            {
                case JsonObject module:
                    documents.Add(module);
                    break;
                case JsonValue when rootEvent is Scalar { Style: ScalarStyle.Plain, Value.Length: 0 }:
                    // An empty document (e.g. a trailing "---"): nothing to read, as in the inflator.
                    break;
                case JsonValue when lenient && rootEvent is Scalar:
                    plainTextDocuments++;
                    break;
                default:
                    throw new MetadataException(source,
                        $"document {index} is {Describe(root)}, but a module must be a mapping of keys to values",
                        (int?)start);
            }
        }

        if (documents.Count == 0 && plainTextDocuments == 0)
        {
            throw new MetadataException(source, "contains no metadata (no YAML/JSON mapping)");
        }
        return new ParseResult(documents, plainTextDocuments);
    }

    private static string Describe(JsonNode? node) => node switch
    {
        null => "null",
        JsonArray => "a list",
        _ => "a plain value",
    };

    private static MetadataException Wrap(YamlException e, string source)
    {
        // YamlDotNet prefixes its messages with "(Line: l, Col: c, Idx: i) - (...): "; we report the line ourselves.
        var message = e.Message;
        var cut = message.IndexOf("): ", StringComparison.Ordinal);
        if (message.StartsWith("(Line:", StringComparison.Ordinal) && cut >= 0)
        {
            message = message[(cut + 3)..];
        }
        var line = e.Start.Line > 0 ? (int?)e.Start.Line : null;
        var column = e.Start.Column > 0 ? $", column {e.Start.Column}" : "";
        return new MetadataException(source, $"not valid YAML/JSON{column}: {message}", line, e);
    }

    internal sealed record ParseResult(IReadOnlyList<JsonObject> Documents, int PlainTextDocuments);

    /// <summary>Builds JSON nodes from the events of one document; anchors are per document, as in YAML.</summary>
    /// <remarks>Recursive, so the depth is limited (<see cref="InputLimits.MaxDepth"/>) well before the stack is. An
    /// alias copies its anchor's tree, so copies count towards the depth where they land and towards the values made
    /// (<see cref="InputLimits.MaxNodes"/>).</remarks>
    private sealed class DocumentReader(IParser parser, string source, bool lenient)
    {
        private readonly Dictionary<string, Tree> _anchors = new(StringComparer.Ordinal);
        private int _depth;
        private int _nodes;

        /// <summary>A read value with its number of nodes and its height (a scalar has height 0).</summary>
        private readonly record struct Tree(JsonNode? Node, int Size, int Height);

        public JsonNode? ReadNode(out ParsingEvent first) => Read(out first).Node;

        private Tree Read(out ParsingEvent first)
        {
            first = parser.Current ?? throw new MetadataException(source, "unexpected end of input");
            switch (first)
            {
                case Scalar scalar:
                    parser.MoveNext();
                    Count(1, 0, scalar);
                    return Remember(scalar.Anchor, new Tree(ToValue(scalar), 1, 0));
                case MappingStart mapping:
                    parser.MoveNext();
                    Count(1, 1, mapping);
                    _depth++;
                    var map = ReadMapping();
                    _depth--;
                    return Remember(mapping.Anchor, map);
                case SequenceStart sequence:
                    parser.MoveNext();
                    Count(1, 1, sequence);
                    _depth++;
                    var list = ReadSequence();
                    _depth--;
                    return Remember(sequence.Anchor, list);
                case AnchorAlias alias:
                    parser.MoveNext();
                    if (!_anchors.TryGetValue(alias.Value.Value, out var target))
                    {
                        throw new MetadataException(source, $"unknown alias *{alias.Value.Value}", (int)alias.Start.Line);
                    }
                    Count(target.Size, target.Height, alias);
                    return target with { Node = target.Node?.DeepClone() };
                default:
                    throw new MetadataException(source, $"unexpected {first.GetType().Name}", (int)first.Start.Line);
            }
        }

        /// <summary>Accounts for <paramref name="size"/> new nodes reaching <paramref name="height"/> levels below the
        /// current depth; throws once a limit is passed.</summary>
        private void Count(int size, int height, ParsingEvent at)
        {
            if (_depth + height > InputLimits.MaxDepth)
            {
                throw new MetadataException(source,
                    $"nests deeper than {InputLimits.MaxDepth} levels of mappings and lists", (int)at.Start.Line);
            }
            _nodes += size;
            if (_nodes > InputLimits.MaxNodes)
            {
                throw new MetadataException(source,
                    $"holds more than {InputLimits.MaxNodes:N0} values (YAML aliases expanded)", (int)at.Start.Line);
            }
        }

        private Tree ReadMapping()
        {
            var result = new JsonObject();
            int size = 1, height = 1;
            while (!parser.TryConsume<MappingEnd>(out _))
            {
                if (parser.Current is not Scalar key)
                {
                    var at = parser.Current?.Start.Line;
                    throw new MetadataException(source, "a mapping key must be a plain text value", (int?)at);
                }
                parser.MoveNext();
                var value = Read(out _);
                size += value.Size;
                height = Math.Max(height, value.Height + 1);
                if (result.ContainsKey(key.Value))
                {
                    if (!lenient)
                    {
                        throw new MetadataException(source, $"duplicate key \"{key.Value}\"", (int)key.Start.Line);
                    }
                    result.Remove(key.Value);
                }
                result.Add(key.Value, value.Node);
            }
            return new Tree(result, size, height);
        }

        private Tree ReadSequence()
        {
            var result = new JsonArray();
            int size = 1, height = 1;
            while (!parser.TryConsume<SequenceEnd>(out _))
            {
                var item = Read(out _);
                size += item.Size;
                height = Math.Max(height, item.Height + 1);
                result.Add(item.Node);
            }
            return new Tree(result, size, height);
        }

        private Tree Remember(AnchorName anchor, Tree tree)
        {
            if (!anchor.IsEmpty)
            {
                _anchors[anchor.Value] = tree;
            }
            return tree;
        }

        // CKAN's rule (YamlDotNet + ToJValue), restricted to plain scalars: quoting always means "string".
        private static JsonNode? ToValue(Scalar scalar)
        {
            var value = scalar.Value;
            if (scalar.Style == ScalarStyle.Plain)
            {
                switch (value)
                {
                    case "true":
                        return JsonValue.Create(true);
                    case "false":
                        return JsonValue.Create(false);
                    case "null":
                        return null;
                }
                if (int.TryParse(value, NumberStyles.Integer, CultureInfo.InvariantCulture, out var number))
                {
                    return JsonValue.Create(number);
                }
            }
            return JsonValue.Create(value);
        }
    }
}
