using System.Globalization;
using System.Text.Json.Nodes;
using System.Text.RegularExpressions;
using NetKAN.Bus.Inflator.Avc;
using NetKAN.Bus.Inflator.Json;
using NetKAN.Bus.Inflator.Sources;

namespace NetKAN.Bus.Inflator.Transformers;

/// <summary><c>$kref #/ckan/spacedock/{id}</c>: one module per SpaceDock version (default version first).</summary>
internal sealed partial class SpaceDockTransformer(SpaceDockApi api, GitHubApi github) : ITransformer
{
    public string Name => "spacedock";

    public async ValueTask<IReadOnlyList<JsonObject>> TransformAsync(JsonObject module, InflationContext context, CancellationToken ct)
    {
        if (RemoteRef.TryParse(module.GetString("$kref")) is not { Source: "spacedock" } kref)
        {
            return [module];
        }
        if (!int.TryParse(kref.Id, NumberStyles.None, CultureInfo.InvariantCulture, out var id))
        {
            throw new InflationException($"{context.Identifier}: $kref {kref} does not name a SpaceDock mod id");
        }
        var mod = await api.GetModAsync(id, ct).ConfigureAwait(false);
        var versions = mod.OrderedVersions().Take(context.Releases).ToList();
        if (versions.Count == 0)
        {
            context.Warn($"No releases found for {mod.Name}");
            return [module];
        }
        var outputs = new List<JsonObject>();
        foreach (var version in versions)
        {
            outputs.Add(await TransformOneAsync(module.CloneObject(), mod, version, context, ct).ConfigureAwait(false));
        }
        return outputs;
    }

    private async Task<JsonObject> TransformOneAsync(JsonObject json, SpaceDockMod mod, SpaceDockVersion version,
        InflationContext context, CancellationToken ct)
    {
        if (json["ksp_version_min"] is null && json["ksp_version_max"] is null && json["ksp_version"] is null
            && GameVersion.TryParse(version.GameVersion, out var gameVersion) && !gameVersion.IsAny)
        {
            var withPatch = gameVersion.Patch < 0 && gameVersion.Minor >= 0
                ? new GameVersion(gameVersion.Major, gameVersion.Minor, 0)
                : gameVersion.WithoutBuild;
            json["ksp_version"] = withPatch.ToString();
        }
        json.SafeAdd("name", mod.Name);
        json.SafeAdd("abstract", mod.ShortDescription);
        json.SafeAdd("version", version.FriendlyVersion);
        json.Remove("$kref");
        json.SafeAdd("download", api.DownloadUrl(version));
        json.SafeAdd("release_date", ReleaseDates.Normalize(version.Created));
        json.SafeAdd("author", new[] { mod.Author }.Concat(mod.SharedAuthors?.Select(a => a.Username) ?? []).ToValueOrArray());
        json.SafeAdd("license", MapLicense(mod.License));

        if (json["resources"] is not JsonObject resources)
        {
            resources = new JsonObject();
            json["resources"] = resources;
        }
        resources.SafeAdd("spacedock", api.PageUrl(mod));
        TryAddResource(resources, "homepage", mod.Website, context);
        TryAddResource(resources, "x_screenshot", mod.Background, context);
        if (!string.IsNullOrEmpty(mod.SourceCode)
            && Uri.TryCreate(mod.SourceCode, UriKind.Absolute, out var source)
            && source.Host.Equals("github.com", StringComparison.OrdinalIgnoreCase)
            && GitHubPath().Match(source.AbsolutePath) is { Success: true } m)
        {
            try
            {
                var repo = await github.GetRepoAsync(m.Groups["owner"].Value, m.Groups["repo"].Value, ct).ConfigureAwait(false);
                await GitHubTransformer.SetRepoResourcesAsync(repo, resources, github, ct).ConfigureAwait(false);
                if (repo.Archived)
                {
                    context.Warn("Repo is archived, consider freezing");
                }
            }
            catch (RateLimitedException)
            {
                throw;
            }
            catch (InflationException)
            {
                // The original gives up quietly: SpaceDock's own link stays.
            }
        }
        TryAddResource(resources, "repository", mod.SourceCode, context);
        return json;
    }

    internal static string? MapLicense(string? license) =>
        license?.Trim().Replace(' ', '-') switch
        {
            null => null,
            "GPLv2" => "GPL-2.0",
            "GPLv3" => "GPL-3.0",
            "Other" => "unknown",
            "ARR" or "All-Rights-Reserved" or "All-rights-reserved" => "restricted",
            var other => other,
        };

    private static void TryAddResource(JsonObject resources, string key, string? raw, InflationContext context)
    {
        if (string.IsNullOrEmpty(raw))
        {
            return;
        }
        if (UriNormalizer.Normalize(raw) is { } normalized)
        {
            resources.SafeAdd(key, normalized);
        }
        else
        {
            context.Warn($"Could not normalize URL from {context.Identifier}: {raw}");
        }
    }

    [GeneratedRegex("^/(?<owner>[^/]+)/(?<repo>[^/]+)")]
    private static partial Regex GitHubPath();
}
