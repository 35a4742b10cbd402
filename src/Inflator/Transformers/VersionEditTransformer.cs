using System.Text.Json.Nodes;
using System.Text.RegularExpressions;
using NetKAN.Bus.Inflator.Json;

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
        var regex = UserPatterns.Create(find, "x_netkan_version_edit", context.Identifier);
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
