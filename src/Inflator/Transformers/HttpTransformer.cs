using System.Net;
using System.Text.Json.Nodes;
using NetKAN.Bus.Inflator.Http;
using NetKAN.Bus.Inflator.Json;
using NetKAN.Bus.Inflator.Sources;
using NetKAN.Bus.Metadata;

namespace NetKAN.Bus.Inflator.Transformers;

/// <summary><c>$kref #/ckan/http/{url}</c>: follows redirects (HEAD, at most 6) and sets <c>download</c>.</summary>
internal sealed class HttpTransformer(UpstreamHttp http) : ITransformer
{
    public string Name => "http";

    public async ValueTask<IReadOnlyList<JsonObject>> TransformAsync(JsonObject module, InflationContext context, CancellationToken ct)
    {
        if (RemoteRef.TryParse(module.GetString("$kref")) is not { Source: "http" } kref)
        {
            return [module];
        }
        if (!Uri.TryCreate(kref.Id, UriKind.Absolute, out var url) || url.Scheme is not ("http" or "https"))
        {
            throw new InflationException($"Invalid URL in HTTP $kref: {kref.Id}");
        }
        for (var hop = 0; hop < 6; hop++)
        {
            var (status, location) = await http.HeadWithLocationAsync(url, ct).ConfigureAwait(false);
            if ((int)status is < 300 or >= 400 || location is null)
            {
                break;
            }
            url = location.IsAbsoluteUri ? location : new Uri(url, location);
        }
        var json = module.CloneObject();
        json["download"] = url.AbsoluteUri;
        json.Remove("$kref");
        return [json];
    }
}
