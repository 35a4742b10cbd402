using System.Text.Json.Nodes;
using NetKAN.Bus.Inflator.Json;

namespace NetKAN.Bus.Inflator.Transformers;

/// <summary>Removes <c>x_netkan*</c> keys at every depth, plus <c>$kref</c> and <c>$vref</c>; keeps other <c>x_</c> keys.</summary>
internal sealed class StripNetkanMetadataTransformer : SingleTransformer
{
    public override string Name => "strip_netkan_metadata";

    protected override ValueTask<JsonObject> TransformOneAsync(JsonObject module, InflationContext context, CancellationToken ct)
    {
        var json = module.CloneObject();
        Strip(json);
        return ValueTask.FromResult(json);
    }

    internal static void Strip(JsonNode? node)
    {
        switch (node)
        {
            case JsonObject obj:
                foreach (var key in obj.Select(kv => kv.Key).ToList())
                {
                    if (key.StartsWith("x_netkan", StringComparison.Ordinal) || key is "$kref" or "$vref")
                    {
                        obj.Remove(key);
                    }
                    else
                    {
                        Strip(obj[key]);
                    }
                }
                break;
            case JsonArray array:
                foreach (var item in array)
                {
                    Strip(item);
                }
                break;
        }
    }
}
