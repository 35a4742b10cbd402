using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;
using NetKAN.Bus.Contracts.Alerts;
using NetKAN.Bus.Webhooks.Api;
using NetKAN.Bus.Webhooks.Security;

namespace NetKAN.Bus.Webhooks.Routes;

/// <summary>
/// <c>POST /sd/inflate/&lt;game&gt;</c>, SpaceDock's notice about one of its mods (form <c>mod_id</c>, <c>event_type</c>):
/// delete, lock and unlock are logged for the team; any other event — update, version-update, an unknown or a missing
/// event_type (logged) — inflates the active netkans with that SpaceDock id, as the original.
/// </summary>
public sealed class SpaceDockInflateHook(WebhookGate gate, WebhookPorts ports, IServiceProvider services, ILogger<SpaceDockInflateHook> logger)
{
    public const string Source = "SpaceDock update";

    private static readonly string[] UpdateEvents = ["update", "version-update"];

    private static readonly Dictionary<string, string> NoticeEvents = new(StringComparer.Ordinal)
    {
        ["delete"] = "deleted",
        ["locked"] = "locked",
        ["unlocked"] = "unlocked again",
    };

    public async Task<IResult> HandleAsync(HttpContext context)
    {
        var request = await gate.AdmitAsync(context, WebhookGroup.SpaceDock);
        var form = await request.FormAsync(context.RequestAborted);
        var modId = form.Required("mod_id").Trim();
        var eventType = form.First("event_type")?.Trim() ?? "";
        if (eventType.Length > 0 && !UpdateEvents.Contains(eventType) && !NoticeEvents.ContainsKey(eventType))
        {
            logger.LogWarning("Unknown SpaceDock event_type '{EventType}' for mod {ModId}; inflating as for an update", eventType, modId);
        }

        var netkans = await ports.Catalog(request.Game).FindBySpaceDockIdAsync(request.Game, modId, context.RequestAborted);
        if (netkans.Count == 0)
        {
            throw ApiProblem.NotFound($"No such module: no active {request.Game} netkan has $kref #/ckan/spacedock/{modId}");
        }

        if (NoticeEvents.TryGetValue(eventType, out var what))
        {
            var level = eventType == "delete" ? LogLevel.Error : LogLevel.Warning;
            logger.Log(level, "A SpaceDock mod has been {What}, affected netkans: {Netkans}", what, string.Join(", ", netkans));
            services.GetService<IAlerts>()?.Raise(new Alert(AlertKind.SpaceDockNotice,
                $"A SpaceDock mod has been {what}, affected netkans: {string.Join(", ", netkans)}", request.Game));
            return Results.NoContent();
        }

        logger.LogInformation("SpaceDock {Event} of mod {ModId}: inflating {Game} {Netkans}", eventType, modId, request.Game, string.Join(", ", netkans));
        var outcome = await ports.Inflation(request.Game).RequestAsync(request.Game, netkans, Source, context.RequestAborted);
        return InflationAnswer.For(outcome);
    }
}
