using System.Text.Json.Nodes;
using NetKAN.Bus.Inflator.Avc;
using NetKAN.Bus.Inflator.Downloads;
using NetKAN.Bus.Inflator.Install;
using NetKAN.Bus.Inflator.Json;
using NetKAN.Bus.Metadata;
using NetKAN.Bus.Metadata.Documents;

namespace NetKAN.Bus.Inflator.Transformers;

/// <summary>
/// The first download of the package: <c>.ckan</c> files shipped inside it (under the install stanzas' folders, or
/// anywhere without stanzas) fill in properties the netkan lacks.
/// </summary>
internal sealed class InternalCkanTransformer(PackageService packages) : SingleTransformer
{
    public override string Name => "internal_ckan";

    protected override async ValueTask<JsonObject> TransformOneAsync(JsonObject module, InflationContext context, CancellationToken ct)
    {
        var contents = await packages.OpenIfDownloadableAsync(module, context, ct).ConfigureAwait(false);
        if (contents is null)
        {
            return module;
        }
        var ckans = contents.Entries.Where(e => !e.IsDirectory && e.Name.EndsWith(".ckan", StringComparison.OrdinalIgnoreCase)).ToList();
        if (ckans.Count == 0)
        {
            return module;
        }
        if (module["install"] is JsonArray { Count: > 0 })
        {
            // As the real inflator: the .ckan files the stanzas would install (a stanza may name one directly).
            var installed = InstalledNames(module, contents, context);
            ckans = ckans.Where(e => installed.Contains(e.Name)).ToList();
        }
        var json = module.CloneObject();
        foreach (var entry in ckans)
        {
            IReadOnlyList<JsonObject> docs;
            try
            {
                docs = NetkanParser.Parse(contents.ReadText(entry), entry.Name);
            }
            catch (MetadataException e)
            {
                throw new InflationException($"{context.Identifier}: could not parse internal {entry.Name}: {e.Message}", e);
            }
            foreach (var doc in docs)
            {
                foreach (var (key, value) in doc)
                {
                    if (key is not ("$kref" or "resources"))
                    {
                        json.SafeAdd(key, value?.DeepClone());
                    }
                }
                GameCompatibility.SetJsonCompatibility(json, null, null, null);
                json.SafeMerge("resources", doc["resources"] as JsonObject);
            }
        }
        return json;
    }

    private static HashSet<string> InstalledNames(JsonObject module, PackageContents contents, InflationContext context)
    {
        try
        {
            return PackageService.InstallableFiles(module, contents, context).Select(f => f.Entry.Name).ToHashSet(StringComparer.Ordinal);
        }
        catch (InflationException)
        {
            return [];
        }
    }
}
