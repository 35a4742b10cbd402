using System.Net;
using System.Text.Json.Nodes;
using NetKAN.Bus.Inflator.Json;
using NetKAN.Bus.Inflator.Sources;
using NetKAN.Bus.Metadata;

namespace NetKAN.Bus.Inflator.Transformers;

/// <summary>Sources the original knows but this inflator does not implement (P2: gitlab, gitea, …).</summary>
internal sealed class UnsupportedSourceTransformer(string source) : ITransformer
{
    public string Name => source;

    public ValueTask<IReadOnlyList<JsonObject>> TransformAsync(JsonObject module, InflationContext context, CancellationToken ct)
    {
        if (RemoteRef.TryParse(module.GetString("$kref")) is { } kref && kref.Source == source)
        {
            throw new InflationException($"{context.Identifier}: $kref source '{source}' ({kref}) is not supported by this inflator yet");
        }
        return ValueTask.FromResult<IReadOnlyList<JsonObject>>([module]);
    }
}
