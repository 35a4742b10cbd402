using System.Text.Json.Nodes;
using NetKAN.Bus.Inflator.Json;
using System.Text.RegularExpressions;
using NetKAN.Bus.Inflator.Downloads;

namespace NetKAN.Bus.Inflator.Transformers;

/// <summary>Collects the locales of the <c>Localization</c> blocks in the installable <c>.cfg</c> files.</summary>
internal sealed partial class LocalizationsTransformer(PackageService packages) : SingleTransformer
{
    public override string Name => "localizations";

    protected override async ValueTask<JsonObject> TransformOneAsync(JsonObject module, InflationContext context, CancellationToken ct)
    {
        if (module.ContainsKey("localizations"))
        {
            return module;
        }
        var contents = await packages.OpenIfDownloadableAsync(module, context, ct).ConfigureAwait(false);
        if (contents is null)
        {
            return module;
        }
        var locales = PackageService.InstallableFiles(module, contents, context)
            .Where(f => !f.Entry.IsDirectory && f.Entry.Name.EndsWith(".cfg", StringComparison.OrdinalIgnoreCase))
            .Select(f => f.Entry)
            .Distinct()
            .SelectMany(entry => Locales(contents.ReadText(entry)))
            .Distinct(StringComparer.Ordinal)
            .Order(StringComparer.Ordinal)
            .ToList();
        if (locales.Count == 0)
        {
            return module;
        }
        var json = module.CloneObject();
        json["localizations"] = new JsonArray(locales.Select(l => (JsonNode?)JsonValue.Create(l)).ToArray());
        return json;
    }

    internal static IEnumerable<string> Locales(string cfg) =>
        LocalizationBlock().Matches(cfg)
            .SelectMany(block => LocaleBlock().Matches(block.Groups["contents"].Value))
            .Where(m => m.Groups["contents"].Value.Contains('='))
            .Select(m => m.Groups["locale"].Value);

    [GeneratedRegex(@"^\s*Localization\b\s*{(?<contents>[^{}]+({[^{}]*}[^{}]*)+)}", RegexOptions.Multiline | RegexOptions.Singleline)]
    private static partial Regex LocalizationBlock();

    [GeneratedRegex(@"^\s*(?<locale>[-a-zA-Z]+).*?{(?<contents>.*?)}", RegexOptions.Multiline | RegexOptions.Singleline)]
    private static partial Regex LocaleBlock();
}
