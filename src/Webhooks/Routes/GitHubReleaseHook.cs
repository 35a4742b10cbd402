using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.Logging;
using NetKAN.Bus.Webhooks.Api;
using NetKAN.Bus.Webhooks.Security;

namespace NetKAN.Bus.Webhooks.Routes;

/// <summary><c>POST /gh/release/&lt;game&gt;?identifier=Mod</c>, a signed release event on a mod's own repository: inflate that mod.</summary>
public sealed class GitHubReleaseHook(WebhookGate gate, WebhookPorts ports, ILogger<GitHubReleaseHook> logger)
{
    public const string Source = "GitHub release";

    public async Task<IResult> HandleAsync(HttpContext context)
    {
        var request = await gate.AdmitAsync(context, WebhookGroup.GitHub);
        if (GitHubEvents.IsPing(request))
        {
            return GitHubEvents.Pong();
        }
        var identifier = request.Query("identifier")?.Trim();
        if (string.IsNullOrEmpty(identifier))
        {
            // The original's words, so existing hook owners recognise them.
            throw ApiProblem.BadRequest("Param \"identifier\" is required, e.g. http://netkan.ksp-ckan.space/gh/release?identifier=AwesomeMod");
        }
        logger.LogInformation("GitHub release of {Identifier} ({Game}): inflating", identifier, request.Game);
        var outcome = await ports.Inflation(request.Game).RequestAsync(request.Game, [identifier], Source, context.RequestAborted);
        return InflationAnswer.For(outcome);
    }
}
