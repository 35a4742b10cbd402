using System.Text.Json.Nodes;
using NetKAN.Bus.Inflator.Json;
using NetKAN.Bus.Inflator.Downloads;
using NetKAN.Bus.Inflator.Install;

namespace NetKAN.Bus.Inflator.Transformers;

/// <summary>install_size: the unpacked size of every installable file, internal .ckan files excluded.</summary>
internal sealed class InstallSizeTransformer(PackageService packages) : SingleTransformer
{
    public override string Name => "install_size";

    protected override async ValueTask<JsonObject> TransformOneAsync(JsonObject module, InflationContext context, CancellationToken ct)
    {
        var contents = await packages.OpenIfDownloadableAsync(module, context, ct).ConfigureAwait(false);
        if (contents is null)
        {
            return module;
        }
        var size = PackageService.InstallableFiles(module, contents, context)
            .Where(f => !f.Entry.IsDirectory && !InstallPlanner.IsInternalCkan(f.Entry.Name))
            .Select(f => f.Entry)
            .Distinct()
            .Sum(e => e.Length);
        var json = module.CloneObject();
        json["install_size"] = size;
        return json;
    }
}
