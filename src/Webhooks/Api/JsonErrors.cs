using System.Diagnostics;
using System.Text.Json;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.Logging;

namespace NetKAN.Bus.Webhooks.Api;

/// <summary>
/// Every error of an HTTP role answered with a status code that means something and a JSON body
/// <c>{"error": "…"}</c>: refused requests (<see cref="ApiProblem"/>), Kestrel's own rejections, unknown routes (404),
/// wrong methods (405), and unexpected failures (500 with a trace id to find the logged exception).
/// The original answered all of these with an empty 500.
/// </summary>
public sealed class JsonErrors(RequestDelegate next, ILogger<JsonErrors> logger)
{
    /// <summary>Quotes and apostrophes as themselves, so a message reads the same with curl as in the log.</summary>
    private static readonly JsonSerializerOptions Readable = new() { Encoder = System.Text.Encodings.Web.JavaScriptEncoder.UnsafeRelaxedJsonEscaping };

    public async Task InvokeAsync(HttpContext context)
    {
        try
        {
            await next(context);
        }
        catch (ApiProblem problem)
        {
            await WriteAsync(context, problem.StatusCode, problem.Message);
            return;
        }
        catch (NetKAN.Bus.Contracts.Queues.QueueFullException full)
        {
            // A bounded queue is full: nothing was queued; the sender may try again later.
            await WriteAsync(context, StatusCodes.Status503ServiceUnavailable, full.Message,
                retryAfter: NetKAN.Bus.Contracts.Queues.QueueFullException.RetryAfter);
            return;
        }
        catch (BadHttpRequestException rejected)
        {
            // Kestrel's own refusals (body too large, malformed request…) keep their status code.
            await WriteAsync(context, rejected.StatusCode, rejected.Message);
            return;
        }
        catch (OperationCanceledException) when (context.RequestAborted.IsCancellationRequested)
        {
            return; // the caller went away; nobody is left to answer
        }
        catch (Exception e)
        {
            var traceId = Activity.Current?.Id ?? context.TraceIdentifier;
            logger.LogError(e, "Unhandled error on {Method} {Path} (trace {TraceId})", context.Request.Method, context.Request.Path, traceId);
            await WriteAsync(context, StatusCodes.Status500InternalServerError,
                $"The server failed to handle {context.Request.Method} {context.Request.Path}; the log has the details under trace id {traceId}",
                traceId);
            return;
        }

        if (!context.Response.HasStarted && context.Response.ContentType is null && context.Response.ContentLength is null)
        {
            switch (context.Response.StatusCode)
            {
                case StatusCodes.Status404NotFound:
                    await WriteAsync(context, 404, $"No route for {context.Request.Method} {context.Request.Path}");
                    break;
                case StatusCodes.Status405MethodNotAllowed:
                    await WriteAsync(context, 405, $"{context.Request.Method} is not allowed on {context.Request.Path}");
                    break;
            }
        }
    }

    public static async Task WriteAsync(HttpContext context, int statusCode, string message, string? traceId = null,
        TimeSpan? retryAfter = null)
    {
        if (context.Response.HasStarted)
        {
            return; // too late to change the answer; the log has it
        }
        context.Response.Clear();
        if (retryAfter is { } wait)
        {
            context.Response.Headers.RetryAfter = ((int)wait.TotalSeconds).ToString(System.Globalization.CultureInfo.InvariantCulture);
        }
        context.Response.StatusCode = statusCode;
        context.Response.ContentType = "application/json; charset=utf-8";
        var body = traceId is null
            ? JsonSerializer.SerializeToUtf8Bytes(new ErrorBody(message), Readable)
            : JsonSerializer.SerializeToUtf8Bytes(new ErrorBodyWithTrace(message, traceId), Readable);
        await context.Response.Body.WriteAsync(body, context.RequestAborted);
    }

    private sealed record ErrorBody(
        [property: System.Text.Json.Serialization.JsonPropertyName("error")] string Error);

    private sealed record ErrorBodyWithTrace(
        [property: System.Text.Json.Serialization.JsonPropertyName("error")] string Error,
        [property: System.Text.Json.Serialization.JsonPropertyName("traceId")] string TraceId);
}

public static class JsonErrorsExtensions
{
    /// <summary>Installs <see cref="JsonErrors"/>; call once, before the HTTP roles map their routes.</summary>
    public static IApplicationBuilder UseJsonErrors(this IApplicationBuilder app) => app.UseMiddleware<JsonErrors>();
}
