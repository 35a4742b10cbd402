using System.Text.Json;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Routing;
using Microsoft.Extensions.DependencyInjection;
using NetKAN.Bus.Contracts.Games;
using NetKAN.Bus.Contracts.Lifecycle;
using NetKAN.Bus.Sagas.Persistence;
using NetKAN.Bus.Sagas.Status;
using NetKAN.Bus.Webhooks.Api;

namespace NetKAN.Bus.Webhooks.Dashboard;

/// <summary>
/// Status as JSON: the original files (<c>/status/netkan.json</c>, <c>/status/netkan-ksp2.json</c>) for the tools that read
/// them, and the full rows (<c>/api/mods?game=</c>, <c>/api/mods/{game}/{identifier}</c>) with stages, errors and history.
/// </summary>
public static class StatusApi
{
    public const string JsonType = "application/json; charset=utf-8";

    public static IEndpointRouteBuilder MapStatusApi(this IEndpointRouteBuilder routes)
    {
        foreach (var game in GameId.All)
        {
            routes.MapGetAndHead("/status/" + StatusJson.FileName(game), context => StatusFileAsync(context, game));
        }
        routes.MapGetAndHead("/api/mods", ListAsync);
        routes.MapGetAndHead("/api/mods/{game}/{identifier}", ModAsync);
        return routes;
    }

    private static async Task StatusFileAsync(HttpContext context, GameId game)
    {
        var snapshot = await context.RequestServices.GetRequiredService<StatusSnapshots>().GetAsync(context.RequestAborted);
        await snapshot.StatusFile(game).WriteAsync(context, JsonType);
    }

    private static async Task ListAsync(HttpContext context)
    {
        var text = context.Request.Query["game"].ToString();
        GameId? game = text.Length == 0 ? null : RouteGame.Parse(text);
        var snapshot = await context.RequestServices.GetRequiredService<StatusSnapshots>().GetAsync(context.RequestAborted);
        var body = snapshot.Rendered("api:" + (game?.Value ?? "all"), () =>
            JsonSerializer.Serialize(snapshot.RowsOf(game).Select(x => x.State), ModStateJson.Options));
        await body.WriteAsync(context, JsonType);
    }

    private static async Task ModAsync(HttpContext context, string game, string identifier)
    {
        var gameId = RouteGame.Parse(game);
        var store = context.RequestServices.GetRequiredService<IModStateStore>();
        var mod = await store.LoadAsync(ModSagaId.For(gameId, identifier), context.RequestAborted)
                  ?? throw ApiProblem.NotFound($"No status for {gameId.Value}/{identifier}");
        context.Response.ContentType = JsonType;
        await JsonSerializer.SerializeAsync(context.Response.Body, mod, ModStateJson.Options, context.RequestAborted);
    }
}
