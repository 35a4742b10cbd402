using Microsoft.AspNetCore.Http;

namespace NetKAN.Bus.Webhooks.Api;

/// <summary>
/// A request we refuse, with the status code and the sentence the caller gets back as <c>{"error": "…"}</c>.
/// Thrown from deep inside request handling (body limit, form parsing, signature) and answered by <see cref="JsonErrors"/>.
/// </summary>
public sealed class ApiProblem(int statusCode, string message) : Exception(message)
{
    public int StatusCode { get; } = statusCode;

    public static ApiProblem BadRequest(string message) => new(StatusCodes.Status400BadRequest, message);

    public static ApiProblem Unauthorized(string message) => new(StatusCodes.Status401Unauthorized, message);

    public static ApiProblem Forbidden(string message) => new(StatusCodes.Status403Forbidden, message);

    public static ApiProblem NotFound(string message) => new(StatusCodes.Status404NotFound, message);

    public static ApiProblem TooLarge(string message) => new(StatusCodes.Status413PayloadTooLarge, message);

    public static ApiProblem Unavailable(string message) => new(StatusCodes.Status503ServiceUnavailable, message);
}
