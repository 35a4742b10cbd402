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

/// <summary>A transformer that always returns exactly one module.</summary>
internal abstract class SingleTransformer : ITransformer
{
    public abstract string Name { get; }

    public async ValueTask<IReadOnlyList<JsonObject>> TransformAsync(JsonObject module, InflationContext context, CancellationToken ct) =>
        [await TransformOneAsync(module, context, ct).ConfigureAwait(false)];

    protected abstract ValueTask<JsonObject> TransformOneAsync(JsonObject module, InflationContext context, CancellationToken ct);
}
