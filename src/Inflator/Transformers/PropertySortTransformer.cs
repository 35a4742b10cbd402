using NetKAN.Bus.Metadata.Ckan;
using System.Text.Json.Nodes;

namespace NetKAN.Bus.Inflator.Transformers;

/// <summary>The canonical property order (section 5 of the reference); the order itself lives in
/// <see cref="CkanPropertyOrder"/>, shared with the .ckan writer.</summary>
internal sealed class PropertySortTransformer : SingleTransformer
{
    public override string Name => "property_sort";

    protected override ValueTask<JsonObject> TransformOneAsync(JsonObject module, InflationContext context, CancellationToken ct) =>
        ValueTask.FromResult(Sort(module));

    public static JsonObject Sort(JsonObject module) => CkanPropertyOrder.Sort(module);
}
