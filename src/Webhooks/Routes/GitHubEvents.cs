using Microsoft.AspNetCore.Http;
using NetKAN.Bus.Webhooks.Security;

namespace NetKAN.Bus.Webhooks.Routes;

/// <summary>GitHub's event header; a <c>ping</c> (sent when a hook is created) is answered without doing anything.</summary>
public static class GitHubEvents
{
    public const string EventHeader = "X-GitHub-Event";

    public static bool IsPing(WebhookRequest request) =>
        string.Equals(request.Header(EventHeader), "ping", StringComparison.OrdinalIgnoreCase);

    public static IResult Pong() => Results.Json(new { message = "pong" });

    public static IResult Message(string message) => Results.Json(new { message });
}
