using System.Text.Json.Nodes;
using System.Text.RegularExpressions;
using NetKAN.Bus.Inflator.Json;

namespace NetKAN.Bus.Inflator.Transformers;

/// <summary><c>x_netkan_force_v</c>: the version gets a leading lowercase <c>v</c>.</summary>
internal sealed class ForcedVTransformer : SingleTransformer
{
    public override string Name => "forced_v";

    protected override ValueTask<JsonObject> TransformOneAsync(JsonObject module, InflationContext context, CancellationToken ct)
    {
        if (module["x_netkan_force_v"].AsBool() != true || module.GetString("version") is not { } version)
        {
            return ValueTask.FromResult(module);
        }
        var json = module.CloneObject();
        json["version"] = version.StartsWith('v') ? version : version.StartsWith('V') ? "v" + version[1..] : "v" + version;
        return ValueTask.FromResult(json);
    }
}
