using System.Text.Json.Nodes;
using System.Text.RegularExpressions;
using NetKAN.Bus.Inflator.Json;
using NetKAN.Bus.Metadata.Versions;

namespace NetKAN.Bus.Inflator.Transformers;

/// <summary>
/// <c>x_netkan_version_edit</c>: a string is <c>find</c>; an object is <c>{find, replace = "${version}", strict = true}</c>.
/// .NET regex and substitution syntax is native here, so named groups need no translation.
/// </summary>
internal sealed class VersionEditTransformer : SingleTransformer
{
    public override string Name => "version_edit";

    protected override ValueTask<JsonObject> TransformOneAsync(JsonObject module, InflationContext context, CancellationToken ct)
    {
        var edit = module["x_netkan_version_edit"];
        if (edit is null || module.GetString("version") is not { } version)
        {
            return ValueTask.FromResult(module);
        }
        string? find;
        var replace = "${version}";
        var strict = true;
        if (edit is JsonObject obj)
        {
            find = obj.GetString("find");
            replace = obj.GetString("replace") ?? replace;
            strict = obj["strict"].AsBool() ?? true;
        }
        else
        {
            find = edit.AsString();
        }
        if (string.IsNullOrEmpty(find))
        {
            throw new InflationException($"{context.Identifier}: x_netkan_version_edit needs a 'find' pattern");
        }
        Regex regex;
        try
        {
            regex = new Regex(find, RegexOptions.CultureInvariant);
        }
        catch (ArgumentException e)
        {
            throw new InflationException($"{context.Identifier}: invalid x_netkan_version_edit pattern {find}: {e.Message}", e);
        }
        if (!regex.IsMatch(version))
        {
            if (strict)
            {
                throw new InflationException($"Could not match version {version} with find pattern {find}");
            }
            return ValueTask.FromResult(module);
        }
        var edited = regex.Replace(version, replace);
        if (module["x_netkan_version_pieces"] is JsonObject pieces)
        {
            foreach (var (key, value) in pieces)
            {
                edited = edited.Replace("${" + key + "}", value.AsString() ?? "", StringComparison.Ordinal);
            }
        }
        var json = module.CloneObject();
        json["version"] = edited;
        return ValueTask.FromResult(json);
    }
}

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
