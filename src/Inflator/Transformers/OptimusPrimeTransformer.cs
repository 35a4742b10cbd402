using System.Text.Json.Nodes;

namespace NetKAN.Bus.Inflator.Transformers;

/// <summary>"Autobots roll out!": no effect, kept so override placement names match the original.</summary>
internal sealed class OptimusPrimeTransformer : SingleTransformer
{
    public override string Name => "optimus_prime";

    protected override ValueTask<JsonObject> TransformOneAsync(JsonObject module, InflationContext context, CancellationToken ct) =>
        ValueTask.FromResult(module);
}
