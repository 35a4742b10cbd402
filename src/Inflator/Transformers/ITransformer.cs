using System.Text.Json.Nodes;

namespace NetKAN.Bus.Inflator.Transformers;

/// <summary>
/// One step of the pipeline: takes a module and returns zero, one or many (one per release or asset).
/// <see cref="Name"/> is what <c>x_netkan_override</c> <c>before</c>/<c>after</c> refer to.
/// </summary>
internal interface ITransformer
{
    string Name { get; }

    ValueTask<IReadOnlyList<JsonObject>> TransformAsync(JsonObject module, InflationContext context, CancellationToken ct);
}
