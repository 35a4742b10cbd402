using System.Text;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Routing;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Options;
using NetKAN.Bus.Contracts.Lifecycle;
using NetKAN.Bus.Contracts.Games;
using NetKAN.Bus.Sagas.Persistence;
using NetKAN.Bus.Webhooks.Api;

namespace NetKAN.Bus.Webhooks.Dashboard;

/// <summary>The status dashboard (<c>GET /</c>, <c>/mods/{game}/{identifier}</c>, its two assets) and the status JSON API.</summary>
public static class DashboardEndpoints
{
    public const string HtmlType = "text/html; charset=utf-8";

    public static IServiceCollection AddDashboard(this IServiceCollection services, IConfiguration configuration)
    {
        services.Configure<DashboardOptions>(configuration.GetSection(DashboardOptions.Section));
        services.AddSingleton<StatusSnapshots>();
        services.AddSingleton(sp => new DashboardPage(sp.GetRequiredService<IOptions<DashboardOptions>>().Value));
        services.AddSingleton(sp => new ModPage(sp.GetRequiredService<IOptions<DashboardOptions>>().Value));
        services.AddSingleton(sp => new UpdateDiagnosis(sp.GetRequiredService<IOptions<DashboardOptions>>().Value));
        return services;
    }

    public static IEndpointRouteBuilder MapDashboard(this IEndpointRouteBuilder routes)
    {
        routes.MapGetAndHead("/", TableAsync);
        routes.MapGetAndHead("/mods/{game}/{identifier}", ModAsync);
        routes.MapGetAndHead(DashboardAssets.StylePath, DashboardAssets.ServeStyleAsync);
        routes.MapGetAndHead(DashboardAssets.ScriptPath, DashboardAssets.ServeScriptAsync);
        routes.MapGetAndHead("/feeds/{game}/errors.atom", (HttpContext context, string game) => GameFeedAsync(context, game, Feeds.Errors));
        routes.MapGetAndHead("/feeds/{game}/commits.atom", (HttpContext context, string game) => GameFeedAsync(context, game, Feeds.Commits));
        routes.MapGetAndHead("/feeds/{game}/mods/{identifier}.atom", ModFeedAsync);
        routes.MapStatusApi();
        return routes;
    }

    private static async Task TableAsync(HttpContext context)
    {
        var services = context.RequestServices;
        var query = DashboardQuery.Parse(context.Request.Query);
        var snapshot = await services.GetRequiredService<StatusSnapshots>().GetAsync(context.RequestAborted);
        var now = services.GetRequiredService<TimeProvider>().GetUtcNow();
        var page = services.GetRequiredService<DashboardPage>();
        var body = snapshot.Rendered("page:" + query.Link(), () => page.Render(snapshot, query, now));
        await body.WriteAsync(context, HtmlType);
    }

    private static async Task ModAsync(HttpContext context, string game, string identifier)
    {
        var services = context.RequestServices;
        if (!GameId.TryParse(game, out var gameId))
        {
            await NotFoundAsync(context, $"There is no game '{game}'; the games are {string.Join(", ", GameId.All)}.");
            return;
        }
        var store = services.GetRequiredService<IModStateStore>();
        var mod = await store.LoadAsync(ModSagaId.For(gameId.Value, identifier), context.RequestAborted);
        if (mod is null)
        {
            await NotFoundAsync(context, $"No status is recorded for {identifier} ({gameId.Value}). Identifiers are case-sensitive.");
            return;
        }
        var snapshot = await services.GetRequiredService<StatusSnapshots>().GetAsync(context.RequestAborted);
        var now = services.GetRequiredService<TimeProvider>().GetUtcNow();
        var diagnosis = services.GetRequiredService<UpdateDiagnosis>().Explain(mod, snapshot.Runs, now);
        var html = services.GetRequiredService<ModPage>().Render(mod, gameId.Value, diagnosis, now, snapshot.Taken);
        await new RenderedBody(Encoding.UTF8.GetBytes(html)).WriteAsync(context, HtmlType);
    }

    private static async Task GameFeedAsync(HttpContext context, string game,
        Func<IEnumerable<Sagas.Status.ModState>, GameId, string, string> feed)
    {
        if (!GameId.TryParse(game, out var gameId))
        {
            await NotFoundAsync(context, $"There is no game '{game}'; the games are {string.Join(", ", GameId.All)}.");
            return;
        }
        var snapshot = await context.RequestServices.GetRequiredService<StatusSnapshots>().GetAsync(context.RequestAborted);
        var body = snapshot.Rendered($"feed:{context.Request.Path}:{BaseUrl(context)}", () => feed(snapshot.States, gameId.Value, BaseUrl(context)));
        await body.WriteAsync(context, Feeds.AtomType);
    }

    private static async Task ModFeedAsync(HttpContext context, string game, string identifier)
    {
        var mod = GameId.TryParse(game, out var gameId)
            ? await context.RequestServices.GetRequiredService<IModStateStore>().LoadAsync(ModSagaId.For(gameId.Value, identifier), context.RequestAborted)
            : null;
        if (mod is null)
        {
            await NotFoundAsync(context, $"No status is recorded for {identifier} ({game}). Identifiers are case-sensitive.");
            return;
        }
        var xml = Feeds.Mod(mod, gameId!.Value, BaseUrl(context));
        await new RenderedBody(Encoding.UTF8.GetBytes(xml)).WriteAsync(context, Feeds.AtomType);
    }

    /// <summary>Feed links are absolute (Atom readers need them): the address the request came to.</summary>
    private static string BaseUrl(HttpContext context) => $"{context.Request.Scheme}://{context.Request.Host}{context.Request.PathBase}";

    private static async Task NotFoundAsync(HttpContext context, string message)
    {
        var html = new StringBuilder();
        PageShell.Open(html, "Not found: NetKAN status");
        html.Append("<h1>Not found</h1>\n<p>").Text(message).Append("</p>\n<p><a href=\"/\">Back to all mods</a></p>\n");
        PageShell.Close(html, context.RequestServices.GetRequiredService<TimeProvider>().GetUtcNow());
        context.Response.StatusCode = StatusCodes.Status404NotFound;
        await new RenderedBody(Encoding.UTF8.GetBytes(html.ToString())).WriteAsync(context, HtmlType);
    }
}
