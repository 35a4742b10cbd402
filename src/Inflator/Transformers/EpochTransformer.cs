using System.Text.Json.Nodes;
using System.Text.RegularExpressions;
using NetKAN.Bus.Inflator.Json;
using NetKAN.Bus.Metadata.Versions;

namespace NetKAN.Bus.Inflator.Transformers;

/// <summary>
/// <c>x_netkan_epoch</c>, then auto-epoching: while the version sorts below HighestVersion (or
/// HighestVersionPrerelease for testing/development releases) its epoch goes up; an out-of-order jump stages the
/// module, or fails on a flaky host (GitHub). <c>x_netkan_allow_out_of_order</c> turns auto-epoching off.
/// </summary>
internal sealed class EpochTransformer : SingleTransformer
{
    public override string Name => "epoch";

    protected override ValueTask<JsonObject> TransformOneAsync(JsonObject module, InflationContext context, CancellationToken ct)
    {
        if (module.GetString("version") is not { } text)
        {
            return ValueTask.FromResult(module);
        }
        var json = module.CloneObject();
        if (json["x_netkan_epoch"] is { } epochNode)
        {
            if (!uint.TryParse(epochNode.AsString(), out var epoch))
            {
                throw new InflationException($"{context.Identifier}: x_netkan_epoch must be a non-negative integer, got {epochNode.ToJsonString()}");
            }
            if (epoch != 0)
            {
                text = $"{epoch}:{text}";
            }
        }
        var version = ModuleVersion.Parse(text);
        if (json["x_netkan_allow_out_of_order"].AsBool() != true)
        {
            var prerelease = json.GetString("release_status") is "testing" or "development";
            var highest = context.HighestVersion;
            if (prerelease && context.HighestVersionPrerelease is { } pre && (highest is null || pre > highest))
            {
                highest = pre;
            }
            if (highest is not null)
            {
                var start = version;
                while (version < highest)
                {
                    version = version.IncrementEpoch();
                }
                if (!highest.EpochEquals(version) && start < highest && highest < version)
                {
                    if (context.FlakyApi)
                    {
                        throw new InflationException(
                            $"Out-of-order version found on unreliable host: {start} < {highest} < {version}");
                    }
                    context.Stage($"Auto-epoching out of order version: {start} < {highest} < {version}");
                }
            }
        }
        json["version"] = version.ToString();
        return ValueTask.FromResult(json);
    }
}
