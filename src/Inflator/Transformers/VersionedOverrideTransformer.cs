using System.Text.Json.Nodes;
using System.Text.RegularExpressions;
using NetKAN.Bus.Inflator.Avc;
using NetKAN.Bus.Inflator.Json;
using NetKAN.Bus.Metadata.Versions;

namespace NetKAN.Bus.Inflator.Transformers;

/// <summary>
/// Applies <c>x_netkan_override</c> stanzas placed here: a stanza runs when its <c>before</c> is one of
/// <see cref="_befores"/> or its <c>after</c> is one of <see cref="_afters"/> (null stands for "not given", which
/// is how the default instance between epoch and download_attributes picks up unplaced stanzas).
/// </summary>
internal sealed partial class VersionedOverrideTransformer(IReadOnlyList<string?> befores, IReadOnlyList<string?> afters)
    : SingleTransformer
{
    private readonly IReadOnlyList<string?> _befores = befores;
    private readonly IReadOnlyList<string?> _afters = afters;

    public override string Name => "versioned_override";

    protected override ValueTask<JsonObject> TransformOneAsync(JsonObject module, InflationContext context, CancellationToken ct)
    {
        if (module["x_netkan_override"] is not JsonArray stanzas)
        {
            return ValueTask.FromResult(module);
        }
        JsonObject? json = null;
        foreach (var stanza in stanzas.OfType<JsonObject>())
        {
            var before = stanza.GetString("before");
            var after = stanza.GetString("after");
            if (!_befores.Contains(before) && !_afters.Contains(after))
            {
                continue;
            }
            var current = json ?? module;
            if (!Matches(stanza, current.GetString("version"), context))
            {
                continue;
            }
            json ??= module.CloneObject();
            Apply(json, stanza);
        }
        return ValueTask.FromResult(json ?? module);
    }

    private static bool Matches(JsonObject stanza, string? version, InflationContext context)
    {
        var constraints = stanza["version"].AsStringList()
                          ?? throw new InflationException("Can't find version in override stanza");
        if (version is null)
        {
            return false;
        }
        var current = ModuleVersion.Parse(version);
        foreach (var constraint in constraints)
        {
            var m = Constraint().Match(constraint);
            var target = ModuleVersion.Parse(m.Groups["version"].Value);
            var c = current.CompareTo(target);
            var ok = m.Groups["op"].Value switch
            {
                "" or "=" => c == 0,
                "<" => c < 0,
                ">" => c > 0,
                "<=" => c <= 0,
                ">=" => c >= 0,
                var op => throw new InflationException($"Unknown x_netkan_override comparator: {op}"),
            };
            if (!ok)
            {
                return false;
            }
        }
        return true;
    }

    private static void Apply(JsonObject json, JsonObject stanza)
    {
        if (stanza["override"] is JsonObject overrides)
        {
            GameVersion? ver = null, min = null, max = null;
            var compat = false;
            foreach (var (key, value) in overrides)
            {
                switch (key)
                {
                    case "ksp_version":
                        compat = true;
                        ver = Parse(value);
                        break;
                    case "ksp_version_min":
                        compat = true;
                        min = Parse(value);
                        break;
                    case "ksp_version_max":
                        compat = true;
                        max = Parse(value);
                        break;
                    default:
                        json[key] = value?.DeepClone();
                        break;
                }
            }
            if (compat)
            {
                GameCompatibility.SetJsonCompatibility(json, ver, min, max);
            }
        }
        foreach (var key in stanza["delete"].AsStringList() ?? [])
        {
            json.Remove(key);
        }
    }

    private static GameVersion? Parse(JsonNode? node) =>
        GameVersion.TryParse(node.AsString(), out var v) ? v : null;

    [GeneratedRegex(@"^(?<op>[<>=]*)\s*(?<version>.*)$", RegexOptions.Singleline)]
    private static partial Regex Constraint();
}
