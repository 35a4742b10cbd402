using System.Diagnostics.Metrics;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.Logging;
using NetKAN.Bus.Contracts.Queues;
using NetKAN.Bus.Services.Git;
using NetKAN.Bus.Services.ModCatalog;
using NetKAN.Bus.Webhooks.Api;
using NetKAN.Bus.Webhooks.Security;

namespace NetKAN.Bus.Webhooks.Routes;

/// <summary>
/// <c>POST /gh/mirror/&lt;game&gt;</c>, a signed GitHub push to the game's CKAN-meta repository: one <c>MirrorMod</c> per
/// <c>.ckan</c> added or modified on the primary branch. A path that is not an existing <c>.ckan</c> of that game's
/// CKAN-meta (<c>/etc/passwd.ckan</c>, <c>a/b.ckan</c>, <c>NetKAN/../../x.ckan</c>) is rejected — logged and counted,
/// never queued, so it can never become a status row.
/// </summary>
public sealed class GitHubMirrorHook(PrimaryBranchPush pushes, WebhookPorts ports, ContractSender sender, ILogger<GitHubMirrorHook> logger)
{
    /// <summary>Counter <c>netkan.webhooks.rejected_ckan_paths</c> (meter <c>NetKAN.Bus.Webhooks</c>).</summary>
    private static readonly Counter<long> RejectedPaths = WebhookMetrics.Meter.CreateCounter<long>(
        "netkan.webhooks.rejected_ckan_paths", description: ".ckan paths of /gh/mirror pushes that are not in CKAN-meta");

    public async Task<IResult> HandleAsync(HttpContext context)
    {
        var (request, push, answer) = await pushes.AdmitAsync(context, RepositoryKind.CkanMeta);
        if (push is null)
        {
            return answer!;
        }
        var cancel = context.RequestAborted;

        var named = push.AddedOrModified().Where(x => x.EndsWith(".ckan", StringComparison.Ordinal)).ToList();
        var shaped = named.Where(MirrorMod.IsCkanPath).ToList();
        var existing = shaped.Count == 0 ? [] : await ports.CkanMeta(request.Game).ExistingAsync(request.Game, shaped, cancel);
        var rejected = named.Except(existing, StringComparer.Ordinal).ToList();
        if (rejected.Count > 0)
        {
            RejectedPaths.Add(rejected.Count, new KeyValuePair<string, object?>("game", request.Game.Value));
            logger.LogWarning("CKAN-meta push {Head} ({Game}): {Count} paths are not .ckan files of the CKAN-meta and were not queued: {Paths}",
                push.ShortHead, request.Game, rejected.Count, rejected);
        }

        var mirrors = existing.Select(path => new MirrorMod(request.Game, path)).ToList();
        if (mirrors.Count > 0)
        {
            await sender.SendManyAsync(mirrors, cancel);
            logger.LogInformation("CKAN-meta push {Head} ({Game}): {Count} .ckan files queued for mirroring", push.ShortHead, request.Game, mirrors.Count);
        }
        if (rejected.Count == 0)
        {
            return Results.NoContent();
        }
        var what = $"{rejected.Count} of the pushed .ckan paths are not in the {request.Game} CKAN-meta and were ignored";
        if (mirrors.Count == 0)
        {
            throw ApiProblem.BadRequest(what);
        }
        return Results.Json(new { message = $"{mirrors.Count} queued for mirroring; {what}", rejected });
    }
}
