using NetKAN.Bus.Contracts.Games;
using System.Text.Json.Nodes;
using NetKAN.Bus.Inflator.Json;
using NetKAN.Bus.Inflator.Sources;
using NetKAN.Bus.Metadata;

namespace NetKAN.Bus.Inflator.Validators;

/// <summary>
/// The original's NetkanValidator, run on every input document and again on every transformed module:
/// identifier present and alphanumeric, a known <c>$kref</c> source, download/kref mutex, download needs a version,
/// override shape.
/// </summary>
internal static class NetkanValidator
{
    public static readonly IReadOnlySet<string> KrefSources = new HashSet<string>(StringComparer.Ordinal)
    {
        "github", "gitlab", "gitea", "http", "ksp-avc", "jenkins", "netkan", "spacedock", "sourceforge",
    };

    public static void Validate(JsonObject json)
    {
        var identifier = json.GetString("identifier");
        if (string.IsNullOrWhiteSpace(identifier))
        {
            throw new InflationException("Metadata must have an identifier property");
        }
        var krefText = json.GetString("$kref");
        if (krefText is not null)
        {
            var kref = RemoteRef.Parse(krefText);
            if (!KrefSources.Contains(kref.Source))
            {
                throw new InflationException($"{identifier}: Invalid $kref: {krefText}");
            }
        }
        if (!ModIdentifier.IsValid(identifier))
        {
            throw new InflationException($"{identifier}: identifier must contain only letters, digits and dashes, and start with a letter or digit");
        }
        var hasDownload = json.ContainsKey("download");
        if (hasDownload && krefText is not null)
        {
            throw new InflationException($"{identifier} has a $kref and a download field, this is likely incorrect");
        }
        if (!hasDownload && krefText is null && json.GetString("kind") != "dlc")
        {
            throw new InflationException($"{identifier} has no $kref field, this is required when no download url is specified");
        }
        if (hasDownload && !json.ContainsKey("version") && !json.ContainsKey("$vref"))
        {
            throw new InflationException($"{identifier}: Metadata has a download but no version or $vref");
        }
        if (json["x_netkan_override"] is { } overrides)
        {
            if (overrides is not JsonArray array)
            {
                throw new InflationException($"{identifier}: x_netkan_override should be an array");
            }
            foreach (var stanza in array)
            {
                if (stanza is not JsonObject obj || !obj.ContainsKey("version"))
                {
                    throw new InflationException($"{identifier}: x_netkan_override missing version");
                }
                if (!obj.ContainsKey("delete") && !obj.ContainsKey("override"))
                {
                    throw new InflationException($"{identifier}: x_netkan_override must have delete or override section");
                }
            }
        }
    }

    /// <summary>MatchingIdentifiersValidator: <c>Error: Have metadata for X, but wanted Y</c>.</summary>
    public static void ValidateIdentifier(JsonObject json, string wanted)
    {
        var identifier = json.GetString("identifier");
        if (identifier != wanted)
        {
            throw new InflationException($"Error: Have metadata for {identifier}, but wanted {wanted}");
        }
    }

}
