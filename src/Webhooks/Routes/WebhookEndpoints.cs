using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Routing;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using NetKAN.Bus.Webhooks.Security;

namespace NetKAN.Bus.Webhooks.Routes;

/// <summary>The webhook routes, each as <c>/&lt;route&gt;/&lt;game&gt;</c> and in the legacy game-less form meaning <c>ksp</c>.</summary>
public static class WebhookEndpoints
{
    public static IServiceCollection AddWebhooks(this IServiceCollection services, IConfiguration configuration)
    {
        services.Configure<WebhookOptions>(configuration.GetSection(WebhookOptions.Section));
        services.AddSingleton<WebhookGate>();
        services.AddSingleton<WebhookPorts>();
        services.AddSingleton<InflateHook>();
        services.AddSingleton<SpaceDockInflateHook>();
        services.AddSingleton<SpaceDockAddHook>();
        services.AddSingleton<PrimaryBranchPush>();
        services.AddSingleton<GitHubInflateHook>();
        services.AddSingleton<GitHubReleaseHook>();
        services.AddSingleton<GitHubMirrorHook>();
        return services;
    }

    public static IEndpointRouteBuilder MapWebhooks(this IEndpointRouteBuilder routes)
    {
        Map<InflateHook>(routes, "/inflate", (hook, context) => hook.HandleAsync(context));
        Map<SpaceDockInflateHook>(routes, "/sd/inflate", (hook, context) => hook.HandleAsync(context));
        Map<SpaceDockAddHook>(routes, "/sd/add", (hook, context) => hook.HandleAsync(context));
        Map<GitHubInflateHook>(routes, "/gh/inflate", (hook, context) => hook.HandleAsync(context));
        Map<GitHubReleaseHook>(routes, "/gh/release", (hook, context) => hook.HandleAsync(context));
        Map<GitHubMirrorHook>(routes, "/gh/mirror", (hook, context) => hook.HandleAsync(context));
        return routes;
    }

    private static void Map<THook>(IEndpointRouteBuilder routes, string path, Func<THook, HttpContext, Task<IResult>> handle)
        where THook : notnull
    {
        async Task Handler(HttpContext context)
        {
            var result = await handle(context.RequestServices.GetRequiredService<THook>(), context);
            await result.ExecuteAsync(context);
        }

        routes.MapPost(path, Handler).WithName(path.TrimStart('/').Replace('/', '-') + "-legacy");
        routes.MapPost(path + "/{game}", Handler).WithName(path.TrimStart('/').Replace('/', '-'));
    }
}
