using System.Text.Json.Nodes;
using NetKAN.Bus.Inflator.Avc;

namespace NetKAN.Bus.Inflator.Transformers;

/// <summary>Stages a module whose hard-coded game versions do not include the newest release of the game.</summary>
internal sealed class StagingTransformer : SingleTransformer
{
    public override string Name => "staging";

    protected override ValueTask<JsonObject> TransformOneAsync(JsonObject module, InflationContext context, CancellationToken ct)
    {
        if (module.ContainsKey("ksp_version") || module.ContainsKey("ksp_version_min") || module.ContainsKey("ksp_version_max"))
        {
            var (min, max) = GameCompatibility.Range(module);
            var latest = KnownGameVersions.Latest(context.Game);
            if (!latest.IsWithin(min, max))
            {
                context.Stage("Hard-coded game versions not compatible with current release: "
                              + $"{Describe(min, max)}\r\nPlease check that they match the forum thread.");
            }
        }
        return ValueTask.FromResult(module);
    }

    internal static string Describe(GameVersion? min, GameVersion? max) =>
        min is not null && max is not null && min.Equals(max) ? min.ToString()
        : $"{min?.ToString() ?? "any"}–{max?.ToString() ?? "any"}";
}
