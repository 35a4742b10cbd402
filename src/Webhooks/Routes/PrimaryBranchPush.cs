using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.Logging;
using NetKAN.Bus.Services.Git;
using NetKAN.Bus.Services.ModCatalog;
using NetKAN.Bus.Webhooks.Security;

namespace NetKAN.Bus.Webhooks.Routes;

/// <summary>
/// The common opening of the two GitHub push hooks: admit the signed request, answer pings, and go on only for a push
/// with commits to the repository's primary branch (otherwise the original's 200 answers).
/// </summary>
public sealed class PrimaryBranchPush(WebhookGate gate, WebhookPorts ports, ILogger<PrimaryBranchPush> logger)
{
    /// <summary>The request and push to act on, or the answer to give instead.</summary>
    public sealed record Admission(WebhookRequest Request, GitHubPush? Push, IResult? Answer);

    public async Task<Admission> AdmitAsync(HttpContext context, RepositoryKind repository)
    {
        var request = await gate.AdmitAsync(context, WebhookGroup.GitHub);
        if (GitHubEvents.IsPing(request))
        {
            return new Admission(request, null, GitHubEvents.Pong());
        }
        var push = GitHubPush.Parse(request.JsonObject());
        var primary = await ports.Catalog(request.Game).PrimaryBranchRefAsync(request.Game, repository, context.RequestAborted);
        if (!string.Equals(push.Ref, primary, StringComparison.Ordinal))
        {
            logger.LogInformation("Ignored {Game} {Repository} push to {Ref}: not the primary branch {Primary}",
                request.Game, repository, push.Ref, primary);
            return new Admission(request, null, GitHubEvents.Message("Wrong branch"));
        }
        return push.Commits.Count == 0
            ? new Admission(request, null, GitHubEvents.Message("No commits received"))
            : new Admission(request, push, null);
    }
}
