using System.Text.Json.Nodes;
using NetKAN.Bus.Inflator.Json;

namespace NetKAN.Bus.Inflator.Transformers;

/// <summary><c>x_generated_by: netkan</c>.</summary>
internal sealed class GeneratedByTransformer : SingleTransformer
{
    public override string Name => "generated_by";

    protected override ValueTask<JsonObject> TransformOneAsync(JsonObject module, InflationContext context, CancellationToken ct)
    {
        var json = module.CloneObject();
        json["x_generated_by"] = "netkan";
        return ValueTask.FromResult(json);
    }
}
