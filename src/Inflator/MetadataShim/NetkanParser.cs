using System.Globalization;
using System.Text.Json;
using System.Text.Json.Nodes;
using YamlDotNet.Core;
using YamlDotNet.RepresentationModel;

namespace NetKAN.Bus.Metadata.Documents;

/// <summary>Temporary stand-in for the metadata core's NetkanParser (JSON or multi-document YAML, CKAN typing).</summary>
public static class NetkanParser
{
    public static IReadOnlyList<JsonObject> Parse(string text, string? sourceName)
    {
        var trimmed = text.TrimStart();
        if (trimmed.StartsWith('{'))
        {
            try
            {
                var node = JsonNode.Parse(text, documentOptions: new JsonDocumentOptions { AllowTrailingCommas = true, CommentHandling = JsonCommentHandling.Skip });
                if (node is JsonObject obj) return [obj];
            }
            catch (JsonException)
            {
                // fall through to YAML, which accepts most JSON too
            }
        }
        try
        {
            var stream = new YamlStream();
            stream.Load(new StringReader(text.Replace("\t", "    ")));
            var docs = new List<JsonObject>();
            foreach (var doc in stream.Documents)
            {
                if (ToJson(doc.RootNode) is JsonObject o) docs.Add(o);
                else throw new MetadataException($"{sourceName}: a document is not a mapping");
            }
            return docs;
        }
        catch (YamlException e)
        {
            throw new MetadataException($"{sourceName}: {e.Message}", e);
        }
    }

    private static JsonNode? ToJson(YamlNode node) => node switch
    {
        YamlMappingNode map => new JsonObject(map.Children.Select(kv =>
            KeyValuePair.Create(((YamlScalarNode)kv.Key).Value ?? "", ToJson(kv.Value)))),
        YamlSequenceNode seq => new JsonArray(seq.Children.Select(ToJson).ToArray()),
        YamlScalarNode s => Scalar(s),
        _ => null,
    };

    private static JsonNode? Scalar(YamlScalarNode s)
    {
        var v = s.Value ?? "";
        if (s.Style is ScalarStyle.Plain)
        {
            switch (v)
            {
                case "true": return JsonValue.Create(true);
                case "false": return JsonValue.Create(false);
                case "null" or "~" or "": return null;
            }
            if (int.TryParse(v, NumberStyles.AllowLeadingSign, CultureInfo.InvariantCulture, out var i)) return JsonValue.Create(i);
        }
        return JsonValue.Create(v);
    }
}
