using Microsoft.AspNetCore.Http;
using NetKAN.Bus.Webhooks.Api;
using NetKAN.Bus.Services.ModCatalog;

namespace NetKAN.Bus.Webhooks.Routes;

/// <summary>
/// The answer to a request for inflations: 204 when every mod was sent (as the original); 404 naming the mods
/// without a netkan; 200 listing the frozen ones that were skipped on purpose.
/// </summary>
public static class InflationAnswer
{
    public static IResult For(InflationRequestOutcome outcome)
    {
        if (outcome.Unknown.Count > 0)
        {
            var sent = outcome.Sent.Count > 0 ? $"; sent: {string.Join(", ", outcome.Sent)}" : "";
            throw ApiProblem.NotFound($"No such module: {string.Join(", ", outcome.Unknown)}{sent}");
        }
        if (outcome.Frozen.Count > 0)
        {
            return Results.Json(new
            {
                message = $"Frozen mods are not inflated: {string.Join(", ", outcome.Frozen)}",
                sent = outcome.Sent,
                frozen = outcome.Frozen,
            });
        }
        return Results.NoContent();
    }
}
