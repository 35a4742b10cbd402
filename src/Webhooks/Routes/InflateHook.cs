using System.Text.Json;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.Logging;
using NetKAN.Bus.Webhooks.Api;
using NetKAN.Bus.Webhooks.Security;

namespace NetKAN.Bus.Webhooks.Routes;

/// <summary><c>POST /inflate/&lt;game&gt;</c> with <c>{"identifiers": [...]}</c> (any Content-Type): inflate those mods.</summary>
public sealed class InflateHook(WebhookGate gate, WebhookPorts ports, ILogger<InflateHook> logger)
{
    public const string Source = "webhook /inflate";

    public async Task<IResult> HandleAsync(HttpContext context)
    {
        var request = await gate.AdmitAsync(context, WebhookGroup.Inflate);
        var identifiers = Identifiers(request.JsonObject());
        logger.LogInformation("Inflation of {Count} {Game} mods requested by /inflate: {Identifiers}",
            identifiers.Count, request.Game, string.Join(", ", identifiers));
        var outcome = await ports.Inflation(request.Game).RequestAsync(request.Game, identifiers, Source, context.RequestAborted);
        return InflationAnswer.For(outcome);
    }

    private static IReadOnlyList<string> Identifiers(JsonElement body)
    {
        const string required = "An array of identifiers is required"; // the original's words
        if (!body.TryGetProperty("identifiers", out var list) || list.ValueKind != JsonValueKind.Array || list.GetArrayLength() == 0)
        {
            throw ApiProblem.BadRequest(required);
        }
        var identifiers = new List<string>();
        foreach (var item in list.EnumerateArray())
        {
            if (item.ValueKind != JsonValueKind.String || string.IsNullOrWhiteSpace(item.GetString()))
            {
                throw ApiProblem.BadRequest($"{required}: every entry of \"identifiers\" must be a non-empty string, got {item.GetRawText()}");
            }
            identifiers.Add(item.GetString()!.Trim());
        }
        return identifiers.Distinct(StringComparer.Ordinal).ToList();
    }
}
