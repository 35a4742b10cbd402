using System.Text.Json.Nodes;
using NetKAN.Bus.Inflator.Json;

namespace NetKAN.Bus.Inflator.Avc;

/// <summary>The <c>ksp_version</c>/<c>_min</c>/<c>_max</c> rules of CKAN's GameVersion.SetJsonCompatibility.</summary>
public static class GameCompatibility
{
    /// <summary>The module's range: min ← ksp_version_min ?? ksp_version, max ← ksp_version_max ?? ksp_version.</summary>
    public static (GameVersion? Min, GameVersion? Max) Range(JsonObject json)
    {
        var min = Parse(json.GetString("ksp_version_min") ?? json.GetString("ksp_version"));
        var max = Parse(json.GetString("ksp_version_max") ?? json.GetString("ksp_version"));
        return (min, max);
    }

    /// <summary>
    /// Widens the module's range with (ver | min, max) and rewrites the three keys: both bounds equal →
    /// <c>ksp_version</c>; different → <c>_min</c> and <c>_max</c>; one → just that key. Never narrows.
    /// </summary>
    public static void SetJsonCompatibility(JsonObject json, GameVersion? ver, GameVersion? min, GameVersion? max)
    {
        var (existingMin, existingMax) = Range(json);
        if (min is null && max is null)
        {
            min = ver;
            max = ver;
        }
        var mins = new[] { existingMin, min }.Where(v => v is { IsAny: false }).Select(v => v!).ToList();
        var maxes = new[] { existingMax, max }.Where(v => v is { IsAny: false }).Select(v => v!).ToList();
        var newMin = mins.Count > 0 ? mins.Min() : null;
        var newMax = maxes.Count > 0 ? maxes.Max() : null;
        if (newMin is null && newMax is null)
        {
            return;
        }
        var position = PositionOf(json);
        json.Remove("ksp_version");
        json.Remove("ksp_version_min");
        json.Remove("ksp_version_max");
        if (newMin is not null && newMax is not null)
        {
            if (newMin.CompareTo(newMax) == 0)
            {
                Insert(json, position, "ksp_version", newMin.ToString());
            }
            else
            {
                Insert(json, position, "ksp_version_min", newMin.ToString());
                Insert(json, position + 1, "ksp_version_max", newMax.ToString());
            }
        }
        else if (newMin is not null)
        {
            Insert(json, position, "ksp_version_min", newMin.ToString());
        }
        else
        {
            Insert(json, position, "ksp_version_max", newMax!.ToString());
        }
    }

    private static int PositionOf(JsonObject json)
    {
        var i = 0;
        foreach (var (key, _) in json)
        {
            if (key is "ksp_version" or "ksp_version_min" or "ksp_version_max")
            {
                return i;
            }
            i++;
        }
        return json.Count;
    }

    private static void Insert(JsonObject json, int position, string key, string value) =>
        json.Insert(Math.Min(position, json.Count), key, JsonValue.Create(value));

    private static GameVersion? Parse(string? text) =>
        text is not null && GameVersion.TryParse(text, out var v) ? v : null;
}
