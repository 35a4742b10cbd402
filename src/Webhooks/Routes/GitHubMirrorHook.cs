using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.Logging;
using NetKAN.Bus.Contracts.Queues;
using NetKAN.Bus.Services.ModCatalog;
using NetKAN.Bus.Webhooks.Security;

namespace NetKAN.Bus.Webhooks.Routes;

/// <summary>
/// <c>POST /gh/mirror/&lt;game&gt;</c>, a signed GitHub push to the game's CKAN-meta repository: one <c>MirrorMod</c> per
/// <c>.ckan</c> added or modified on the primary branch.
/// </summary>
public sealed class GitHubMirrorHook(PrimaryBranchPush pushes, ContractSender sender, ILogger<GitHubMirrorHook> logger)
{
    public async Task<IResult> HandleAsync(HttpContext context)
    {
        var (request, push, answer) = await pushes.AdmitAsync(context, RepositoryKind.CkanMeta);
        if (push is null)
        {
            return answer!;
        }
        var cancel = context.RequestAborted;

        var mirrors = push.AddedOrModified()
            .Where(x => x.EndsWith(".ckan", StringComparison.Ordinal))
            .Select(path => new MirrorMod(request.Game, path))
            .ToList();
        if (mirrors.Count > 0)
        {
            await sender.SendManyAsync(mirrors, cancel);
            logger.LogInformation("CKAN-meta push {Head} ({Game}): {Count} .ckan files queued for mirroring", push.ShortHead, request.Game, mirrors.Count);
        }
        return Results.NoContent();
    }
}
