using System.Net;
using System.Text.Json.Nodes;
using NetKAN.Bus.Inflator.Http;
using NetKAN.Bus.Inflator.Json;
using NetKAN.Bus.Inflator.Sources;
using NetKAN.Bus.Metadata;
using NetKAN.Bus.Metadata.Documents;

namespace NetKAN.Bus.Inflator.Transformers;

/// <summary>
/// <c>$kref #/ckan/netkan/{url}</c>: loads the remote netkan (GitHub contents API for github.com and
/// raw.githubusercontent.com links) and fills in what the local one lacks; one module per remote document.
/// </summary>
internal sealed class MetaNetkanTransformer(UpstreamHttp http, GitHubApi github) : ITransformer
{
    public string Name => "metanetkan";

    public async ValueTask<IReadOnlyList<JsonObject>> TransformAsync(JsonObject module, InflationContext context, CancellationToken ct)
    {
        if (RemoteRef.TryParse(module.GetString("$kref")) is not { Source: "netkan" } kref || kref.Id is null)
        {
            return [module];
        }
        string text;
        if (GitHubApi.TryParseFileUrl(kref.Id, out var file))
        {
            text = await github.GetFileAsync(file.Owner, file.Repo, file.Branch, file.Path, ct).ConfigureAwait(false);
        }
        else if (Uri.TryCreate(kref.Id, UriKind.Absolute, out var url))
        {
            text = await http.GetTextAsync(url, null, ct).ConfigureAwait(false);
        }
        else
        {
            throw new InflationException($"{context.Identifier}: invalid metanetkan URL {kref.Id}");
        }
        IReadOnlyList<JsonObject> targets;
        try
        {
            targets = NetkanParser.Parse(text, kref.Id);
        }
        catch (MetadataException e)
        {
            throw new InflationException($"{context.Identifier}: could not parse metanetkan {kref.Id}: {e.Message}", e);
        }
        var outputs = new List<JsonObject>();
        foreach (var target in targets)
        {
            if (RemoteRef.TryParse(target.GetString("$kref")) is { Source: "netkan" })
            {
                throw new InflationException("The target of a metanetkan may not also be a metanetkan.");
            }
            var json = module.CloneObject();
            if (json["resources"] is not JsonObject resources)
            {
                resources = new JsonObject();
                json["resources"] = resources;
            }
            resources.SafeAdd("metanetkan", kref.Id);
            json.Remove("$kref");
            if (target["$kref"] is { } targetKref)
            {
                json["$kref"] = targetKref.DeepClone();
            }
            json.SafeMerge("resources", target["resources"] as JsonObject);
            foreach (var (key, value) in target)
            {
                if (key is not ("$kref" or "resources"))
                {
                    json.SafeAdd(key, value?.DeepClone());
                }
            }
            outputs.Add(json);
        }
        return outputs;
    }
}
