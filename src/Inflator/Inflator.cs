using System.Text.Json.Nodes;
using Microsoft.Extensions.Logging;
using NetKAN.Bus.Inflator.Avc;
using NetKAN.Bus.Inflator.Downloads;
using NetKAN.Bus.Inflator.Json;
using NetKAN.Bus.Inflator.Transformers;
using NetKAN.Bus.Inflator.Validators;
using NetKAN.Bus.Metadata.Ckan;
using NetKAN.Bus.Metadata;
using NetKAN.Bus.Metadata.Documents;
using NetKAN.Bus.Metadata.Versions;

namespace NetKAN.Bus.Inflator;

/// <summary>
/// The inflator: parse, merge documents, pre-validate, run the pipeline per document, merge modules of the same
/// version across hosts, compute spec_version, sort, check the release count, post-validate. Any failure purges the
/// downloads made during the attempt and becomes a failed <see cref="InflationResult"/>.
/// </summary>
internal sealed class Inflator(
    InflationPipeline pipeline,
    PackageService packages,
    CkanValidator validator,
    ILogger<Inflator> log) : IInflator
{
    public async Task<InflationResult> InflateAsync(InflationRequest request, CancellationToken ct = default)
    {
        var identifier = request.Identifier
                         ?? (request.FileName is { } f ? Path.GetFileNameWithoutExtension(f) : null)
                         ?? "";
        InflationContext? context = null;
        try
        {
            var documents = Parse(request);
            if (identifier.Length == 0)
            {
                identifier = documents[0].GetString("identifier") ?? "";
            }
            context = new InflationContext(
                identifier,
                request.Game,
                Math.Max(1, request.Releases),
                ParseVersion(request.HighestVersion),
                ParseVersion(request.HighestVersionPrerelease),
                documents[0]["x_netkan_staging"].AsBool() ?? false,
                documents[0].GetString("x_netkan_staging_reason"));
            var modules = await InflateAsync(documents, context, ct).ConfigureAwait(false);
            return new InflationResult
            {
                Identifier = identifier,
                Modules = modules,
                Warnings = context.Warnings,
                Staged = context.Staged,
                StagingReasons = context.StagingReasons,
            };
        }
        catch (Exception e) when (e is InflationException or MetadataException or IOException or InvalidDataException
                                      || (e is OperationCanceledException && !ct.IsCancellationRequested))
        {
            log.LogWarning("Inflating {Identifier} failed: {Error}", identifier, e.Message);
            if (context is not null)
            {
                context.Dispose();
                foreach (var url in context.FreshDownloads)
                {
                    packages.Cache.Purge(url);
                }
            }
            return new InflationResult
            {
                Identifier = identifier,
                ErrorMessage = e is OperationCanceledException ? $"{identifier}: timed out" : e.Message,
                RateLimited = e is RateLimitedException,
                RetryAt = (e as RateLimitedException)?.RetryAt,
                Warnings = context?.Warnings ?? [],
                Staged = context?.Staged ?? false,
                StagingReasons = context?.StagingReasons ?? [],
            };
        }
        finally
        {
            context?.Dispose();
        }
    }

    private static IReadOnlyList<JsonObject> Parse(InflationRequest request)
    {
        var documents = NetkanParser.Parse(request.NetkanText, request.FileName);
        if (documents.Count == 0)
        {
            throw new InflationException($"{request.FileName}: no documents found");
        }
        return documents;
    }

    private static ModuleVersion? ParseVersion(string? text) =>
        string.IsNullOrWhiteSpace(text) ? null : ModuleVersion.Parse(text);

    private async Task<IReadOnlyList<InflatedModule>> InflateAsync(IReadOnlyList<JsonObject> inputs, InflationContext context, CancellationToken ct)
    {
        var documents = inputs.Count > 1 ? MergeDocuments(inputs) : inputs.Select(d => d.CloneObject()).ToList();
        foreach (var document in documents)
        {
            NetkanValidator.Validate(document);
            NetkanValidator.ValidateIdentifier(document, context.Identifier);
        }

        var outputs = new List<JsonObject>();
        foreach (var document in documents)
        {
            foreach (var module in await pipeline.TransformAsync(document, context, ct).ConfigureAwait(false))
            {
                NetkanValidator.Validate(module);
                outputs.Add(module);
            }
        }

        var merged = outputs
            .GroupBy(m => m.GetString("version") ?? "", StringComparer.Ordinal)
            .Select(g => MergeModules(g.ToList()))
            .Select(m =>
            {
                var spec = SpecVersionAnalyzer.MinimumSpecVersion(m);
                if (SpecVersionAnalyzer.Parse(m["spec_version"]) != spec)
                {
                    m["spec_version"] = SpecVersionAnalyzer.ToJson(spec);
                }
                return PropertySortTransformer.Sort(m);
            })
            .OrderByDescending(IsPrerelease)
            .ToList();

        var stable = merged.Where(m => !IsPrerelease(m)).ToList();
        if (stable.Count > context.Releases)
        {
            throw new InflationException(
                $"Generated {stable.Count} modules but only {context.Releases} requested: "
                + string.Join("; ", stable.Select(m => $"{m.GetString("version")} on {Hosts(m)}")));
        }
        merged = merged.Take(context.Releases).ToList();

        var result = new List<InflatedModule>();
        foreach (var ckan in merged)
        {
            await validator.ValidateAsync(ckan, inputs[0], context, ct).ConfigureAwait(false);
            result.Add(ToInflated(ckan, context));
        }
        return result;
    }

    /// <summary>
    /// Each document inherits every non-host property (not <c>x_netkan*</c>, not <c>$kref</c>) of every document,
    /// in file order, later documents winning.
    /// </summary>
    internal static List<JsonObject> MergeDocuments(IReadOnlyList<JsonObject> documents)
    {
        var stripped = documents.Select(d =>
        {
            var copy = d.CloneObject();
            foreach (var key in copy.Select(kv => kv.Key).Where(k => k.StartsWith("x_netkan", StringComparison.Ordinal) || k == "$kref").ToList())
            {
                copy.Remove(key);
            }
            return copy;
        }).ToList();
        return documents.Select(d =>
        {
            var result = d.CloneObject();
            foreach (var s in stripped)
            {
                result.MergeFrom(s);
            }
            return result;
        }).ToList();
    }

    /// <summary>Modules of one version from several hosts: same package required, downloads become a list.</summary>
    private static JsonObject MergeModules(IReadOnlyList<JsonObject> modules)
    {
        if (modules.Count == 1)
        {
            return modules[0];
        }
        var first = modules[0];
        var result = first.CloneObject();
        var downloads = new List<string>();
        foreach (var module in modules)
        {
            if (!SameDownload(first, module))
            {
                throw new InflationException(
                    $"Download from {PackageService.DownloadUrl(first)} does not match download from {PackageService.DownloadUrl(module)}");
            }
            result.MergeFrom(module);
            downloads.AddRange(Downloads(module));
        }
        result["download"] = downloads.Distinct(StringComparer.Ordinal).ToValueOrArray();
        GameCompatibility.SetJsonCompatibility(result, null, null, null);
        return result;
    }

    private static bool SameDownload(JsonObject a, JsonObject b) =>
        a["download_size"]?.ToJsonString() == b["download_size"]?.ToJsonString()
        && a["download_hash"]?["sha1"]?.ToJsonString() == b["download_hash"]?["sha1"]?.ToJsonString()
        && a["download_hash"]?["sha256"]?.ToJsonString() == b["download_hash"]?["sha256"]?.ToJsonString();

    private static IEnumerable<string> Downloads(JsonObject module) =>
        module["download"] is JsonArray array
            ? array.Select(n => n.AsString()).OfType<string>()
            : module.GetString("download") is { } url ? [url] : [];

    private static bool IsPrerelease(JsonObject module) =>
        module.GetString("release_status") is "testing" or "development";

    private static string Hosts(JsonObject module) =>
        string.Join(", ", Downloads(module).Select(u => Uri.TryCreate(u, UriKind.Absolute, out var uri) ? uri.Host : u));

    private static InflatedModule ToInflated(JsonObject ckan, InflationContext context)
    {
        var identifier = ckan.GetString("identifier") ?? context.Identifier;
        var version = ckan.GetString("version") ?? "";
        var downloads = Downloads(ckan).ToList();
        CachedDownload? cached = null;
        if (downloads.Count > 0)
        {
            lock (context.Downloads)
            {
                context.Downloads.TryGetValue(downloads[0], out cached);
            }
        }
        return new InflatedModule
        {
            Identifier = identifier,
            Version = version,
            FileName = $"{identifier}-{version.Replace(':', '-')}.ckan",
            Ckan = CkanJsonWriter.Write(ckan),
            ReleaseDate = ckan.GetString("release_date"),
            Prerelease = IsPrerelease(ckan),
            Resources = (ckan["resources"] as JsonObject)?
                .Where(kv => kv.Value.AsString() is not null)
                .ToDictionary(kv => kv.Key, kv => kv.Value.AsString()!) ?? new Dictionary<string, string>(),
            Downloads = downloads,
            DownloadCachePath = cached?.Path,
            DownloadCachedAt = cached?.CachedAt,
        };
    }
}
