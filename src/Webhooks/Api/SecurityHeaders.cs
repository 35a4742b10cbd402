using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Routing;

namespace NetKAN.Bus.Webhooks.Api;

/// <summary>
/// Headers on every answer of the HTTP roles (pages, JSON, errors): a Content-Security-Policy that allows only the
/// dashboard's own stylesheet and script (the pages have no inline script or style), no framing, no MIME sniffing.
/// Added when the headers go out, so answers that <see cref="JsonErrors"/> rewrote carry them too.
/// </summary>
public static class SecurityHeaders
{
    public const string ContentSecurityPolicy =
        "default-src 'none'; script-src 'self'; style-src 'self'; img-src 'self' data:; connect-src 'self'; " +
        "form-action 'self'; base-uri 'none'; frame-ancestors 'none'";

    public static IApplicationBuilder UseSecurityHeaders(this IApplicationBuilder app) =>
        app.Use(async (context, next) =>
        {
            context.Response.OnStarting(() =>
            {
                var headers = context.Response.Headers;
                headers.ContentSecurityPolicy = ContentSecurityPolicy;
                headers.XContentTypeOptions = "nosniff";
                headers.XFrameOptions = "DENY";
                headers["Referrer-Policy"] = "same-origin";
                return Task.CompletedTask;
            });
            await next(context);
        });

    /// <summary>A GET route that answers HEAD too (same status and headers, no body; Kestrel drops the body of a
    /// HEAD answer), as HTTP expects of every GET resource.</summary>
    public static RouteHandlerBuilder MapGetAndHead(this IEndpointRouteBuilder routes, string pattern, Delegate handler) =>
        routes.MapMethods(pattern, [HttpMethods.Get, HttpMethods.Head], handler);

    /// <inheritdoc cref="MapGetAndHead(IEndpointRouteBuilder, string, Delegate)"/>
    public static IEndpointConventionBuilder MapGetAndHead(this IEndpointRouteBuilder routes, string pattern, RequestDelegate handler) =>
        routes.MapMethods(pattern, [HttpMethods.Get, HttpMethods.Head], handler);
}
