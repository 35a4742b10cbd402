using System.Text.Json.Nodes;
using System.Text.RegularExpressions;
using Microsoft.Extensions.Options;
using NetKAN.Bus.Inflator.Avc;
using NetKAN.Bus.Inflator.Downloads;
using NetKAN.Bus.Inflator.Http;
using NetKAN.Bus.Inflator.Install;
using NetKAN.Bus.Inflator.Json;
using NetKAN.Bus.Inflator.Sources;
using NetKAN.Bus.Metadata.Versions;

namespace NetKAN.Bus.Inflator.Transformers;

/// <summary>
/// <c>$vref #/ckan/ksp-avc[/{path-or-regex}]</c>: reads the package's .version file (and the remote one it names,
/// when it describes the same version), widens the game-version range and fills in a missing version.
/// </summary>
internal sealed partial class AvcTransformer(PackageService packages, UpstreamHttp http, GitHubApi github, IOptions<InflatorOptions> options)
    : SingleTransformer
{
    public override string Name => "avc";

    protected override async ValueTask<JsonObject> TransformOneAsync(JsonObject module, InflationContext context, CancellationToken ct)
    {
        var vref = RemoteRef.TryParse(module.GetString("$vref"));
        if (PackageService.DownloadUrl(module) is null)
        {
            return module;
        }
        var contents = await packages.OpenAsync(module, context, ct).ConfigureAwait(false);
        if (contents is null)
        {
            if (vref is { Source: "ksp-avc" })
            {
                context.Warn("$vref is ksp-avc, version file missing");
            }
            return module;
        }
        var (candidates, installable) = Candidates(module, contents, context);

        // VrefValidator: warnings only.
        if (vref is { Source: "ksp-avc" } && candidates.Count == 0)
        {
            context.Warn("$vref is ksp-avc, version file missing");
        }
        else if (vref is not { Source: "ksp-avc" } && installable && candidates.Count > 0)
        {
            context.Warn($"$vref is not ksp-avc, version file present: {candidates[0].Name}");
        }
        if (vref is not { Source: "ksp-avc" } || candidates.Count == 0)
        {
            return module;
        }

        PackageEntry chosen;
        if (vref.Id is { } path)
        {
            var regex = new Regex(path, RegexOptions.CultureInvariant);
            chosen = candidates.FirstOrDefault(c => c.Name == path || regex.IsMatch(c.Name))
                     ?? throw new InflationException(
                         $"Invalid $vref path/regexp {path}, doesn't match any of: {string.Join(", ", candidates.Select(c => c.Name))}");
        }
        else if (candidates.Count > 1)
        {
            throw new InflationException($"Too many .version files located: {string.Join(", ", candidates.Select(c => c.Name))}");
        }
        else
        {
            chosen = candidates[0];
        }

        var avc = AvcVersionFile.Parse(contents.ReadText(chosen), chosen.Name);
        var json = module.CloneObject();
        if (avc.Version is not null && Uri.IsWellFormedUriString(avc.Url, UriKind.Absolute))
        {
            var resources = json["resources"] as JsonObject;
            var remote = resources?.GetString("remote-avc") ?? RawUri(avc.Url!);
            json.SafeMerge("resources", new JsonObject { ["remote-avc"] = remote });
            if (options.Value.RemoteAvc)
            {
                avc = await WithRemoteAsync(avc, remote, context, ct).ConfigureAwait(false);
            }
        }

        GameCompatibility.SetJsonCompatibility(json, avc.KspVersion, avc.KspVersionMin, avc.KspVersionMax);
        if (avc.Version is not null)
        {
            if (json["x_netkan_trust_version_file"].AsBool() == true)
            {
                json.Remove("version");
            }
            json.SafeAdd("version", avc.Version);
        }
        return json;
    }

    /// <summary>Installable .version files, or every .version file (flagged not installable) when none is.</summary>
    private static (List<PackageEntry> Candidates, bool Installable) Candidates(JsonObject module, PackageContents contents, InflationContext context)
    {
        List<PackageEntry> installable;
        try
        {
            installable = PackageService.InstallableFiles(module, contents, context)
                .Where(f => !f.Entry.IsDirectory && f.Entry.Name.EndsWith(".version", StringComparison.OrdinalIgnoreCase))
                .Select(f => f.Entry)
                .Distinct()
                .ToList();
        }
        catch (InflationException)
        {
            installable = [];
        }
        if (installable.Count > 0)
        {
            return (installable, true);
        }
        return (contents.Entries.Where(e => !e.IsDirectory && e.Name.EndsWith(".version", StringComparison.OrdinalIgnoreCase)).ToList(), false);
    }

    private async Task<AvcVersionFile> WithRemoteAsync(AvcVersionFile local, string remote, InflationContext context, CancellationToken ct)
    {
        if (!Uri.TryCreate(remote, UriKind.Absolute, out var remoteUri))
        {
            return local;
        }
        if (remoteUri.Host.Equals("forum.kerbalspaceprogram.com", StringComparison.OrdinalIgnoreCase))
        {
            context.Warn($"Not fetching remote version file from the forum: {remote}");
            return local;
        }
        try
        {
            var text = GitHubApi.TryParseFileUrl(remote, out var file)
                ? await github.GetFileAsync(file.Owner, file.Repo, file.Branch, file.Path, ct).ConfigureAwait(false)
                : await http.GetTextAsync(remoteUri, null, ct).ConfigureAwait(false);
            var remoteAvc = AvcVersionFile.Parse(text, remote);
            if (remoteAvc.Version is not null && ModuleVersion.Parse(local.Version!).CompareTo(ModuleVersion.Parse(remoteAvc.Version)) == 0)
            {
                return remoteAvc;
            }
        }
        catch (RateLimitedException)
        {
            throw;
        }
        catch (InflationException e)
        {
            context.Warn($"Error fetching remote version file {remote}: {e.Message}");
        }
        return local;
    }

    /// <summary>github.com/{u}/{r}/(blob|tree)/{branch}/{path} → raw.githubusercontent.com/{u}/{r}/{branch}/{path}.</summary>
    internal static string RawUri(string url)
    {
        var m = BlobUrl().Match(url);
        return m.Success ? $"https://raw.githubusercontent.com/{m.Groups["rest"].Value}/{m.Groups["path"].Value}" : url;
    }

    [GeneratedRegex(@"^https?://github\.com/(?<rest>[^/]+/[^/]+)/(?:blob|tree)/(?<path>.+)$", RegexOptions.IgnoreCase)]
    private static partial Regex BlobUrl();
}
