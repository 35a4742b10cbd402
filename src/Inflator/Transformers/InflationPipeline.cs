using System.Text.Json.Nodes;
using Microsoft.Extensions.Options;
using NetKAN.Bus.Contracts.Configuration;
using NetKAN.Bus.Inflator.Downloads;
using NetKAN.Bus.Inflator.Http;
using NetKAN.Bus.Inflator.Sources;

namespace NetKAN.Bus.Inflator.Transformers;

/// <summary>
/// The transformers in the original's order, with a <see cref="VersionedOverrideTransformer"/> between every
/// adjacent pair (for <c>before</c>/<c>after</c> placement) and the default one between epoch and
/// download_attributes. Transforms one document into its modules as a fold.
/// </summary>
internal sealed class InflationPipeline
{
    private readonly IReadOnlyList<ITransformer> _steps;

    public InflationPipeline(PackageService packages, UpstreamHttp http, SpaceDockApi spaceDock, GitHubApi github,
        IOptions<InflatorOptions> options, IOptions<UpstreamOptions> upstreams)
    {
        ITransformer[] core =
        [
            new StagingTransformer(),
            new MetaNetkanTransformer(http, github),
            new SpaceDockTransformer(spaceDock, github),
            new GitHubTransformer(github),
            new UnsupportedSourceTransformer("gitlab"),
            new GiteaTransformer(http, upstreams),
            new UnsupportedSourceTransformer("sourceforge"),
            new HttpTransformer(http),
            new JenkinsTransformer(http),
            new UnsupportedSourceTransformer("ksp-avc"),
            new InternalCkanTransformer(packages),
            new AvcTransformer(packages, http, github, options),
            new LocalizationsTransformer(packages),
            new VersionEditTransformer(),
            new ForcedVTransformer(),
            new EpochTransformer(),
            new VersionedOverrideTransformer([null], [null]),
            new DownloadAttributesTransformer(packages),
            new InstallSizeTransformer(packages),
            new StagingLinksTransformer(),
            new GeneratedByTransformer(),
            new OptimusPrimeTransformer(),
            new StripNetkanMetadataTransformer(),
            new PropertySortTransformer(),
        ];
        Names = core.Select(t => t.Name).ToList();
        _steps = InjectOverrides(core);
    }

    /// <summary>The transformer names, in order (what override <c>before</c>/<c>after</c> may name).</summary>
    public IReadOnlyList<string> Names { get; }

    private static List<ITransformer> InjectOverrides(IReadOnlyList<ITransformer> core)
    {
        var steps = new List<ITransformer>
        {
            new VersionedOverrideTransformer([core[0].Name, "$all"], ["$none"]),
        };
        for (var i = 0; i < core.Count; i++)
        {
            steps.Add(core[i]);
            steps.Add(i + 1 < core.Count
                ? new VersionedOverrideTransformer([core[i + 1].Name], [core[i].Name])
                : new VersionedOverrideTransformer(["$none"], [core[i].Name, "$all"]));
        }
        return steps;
    }

    public async Task<IReadOnlyList<JsonObject>> TransformAsync(JsonObject document, InflationContext context, CancellationToken ct)
    {
        IReadOnlyList<JsonObject> modules = [document];
        foreach (var step in _steps)
        {
            var next = new List<JsonObject>();
            foreach (var module in modules)
            {
                ct.ThrowIfCancellationRequested();
                next.AddRange(await step.TransformAsync(module, context, ct).ConfigureAwait(false));
            }
            modules = next;
        }
        return modules;
    }
}
