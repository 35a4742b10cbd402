using System.Text.Json.Nodes;

namespace NetKAN.Bus.Inflator.Transformers;

/// <summary>A transformer that always returns exactly one module.</summary>
internal abstract class SingleTransformer : ITransformer
{
    public abstract string Name { get; }

    public async ValueTask<IReadOnlyList<JsonObject>> TransformAsync(JsonObject module, InflationContext context, CancellationToken ct) =>
        [await TransformOneAsync(module, context, ct).ConfigureAwait(false)];

    protected abstract ValueTask<JsonObject> TransformOneAsync(JsonObject module, InflationContext context, CancellationToken ct);
}
