using System.Text.Json.Nodes;
using System.Text.Json;
using Microsoft.Extensions.Logging;
using NetKAN.Bus.Contracts.GitHub;

namespace NetKAN.Bus.Services.Upstreams;

/// <summary>How hard to try a GraphQL query that GitHub rate-limits.</summary>
/// <param name="Attempts">Attempts in all.</param>
/// <param name="Fallback">The wait after a bare HTTP 403 (doubled per attempt like every wait).</param>
/// <param name="MaxWait">The longest single wait.</param>
/// <param name="Timeout">Timeout of each request.</param>
public sealed record GraphQlRetry(int Attempts, TimeSpan Fallback, TimeSpan MaxWait, TimeSpan Timeout)
{
    public static readonly GraphQlRetry Default = new(5, TimeSpan.FromMinutes(1), TimeSpan.FromHours(1), TimeSpan.FromSeconds(60));
}

/// <summary>
/// GitHub's GraphQL API (endpoint and token from <see cref="GitHubClientFactory"/>): posts a query,
/// retries it when GitHub rate-limits (waits from <see cref="RateLimitWaits"/>), logs GraphQL errors grouped as
/// <c>message (xN)</c>, and returns the <c>data</c> object (null when the query could not be answered).
/// </summary>
public sealed class GitHubGraphQl(IHttpClientFactory http, GitHubClientFactory gitHub, TimeProvider time, ILogger<GitHubGraphQl> logger)
{
    public bool HasToken => gitHub.HasToken;

    public async Task<JsonObject?> QueryAsync(string query, GraphQlRetry retry, CancellationToken cancellationToken)
    {
        for (var attempt = 0; attempt < retry.Attempts; attempt++)
        {
            using var request = gitHub.CreateGraphQlRequest(query);
            using var timeout = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
            timeout.CancelAfter(retry.Timeout);
            HttpResponseMessage reply;
            string body;
            try
            {
                reply = await http.CreateClient(ServiceHttp.ClientName).SendAsync(request, timeout.Token).ConfigureAwait(false);
                body = await reply.Content.ReadAsStringAsync(timeout.Token).ConfigureAwait(false);
            }
            catch (Exception e) when (e is HttpRequestException or TaskCanceledException && !cancellationToken.IsCancellationRequested)
            {
                // A network failure or timeout: worth another attempt after a short pause (1 s, 2 s, 4 s, …).
                if (attempt + 1 >= retry.Attempts)
                {
                    logger.LogError("GitHub GraphQL query failed: {Problem}", e.Message);
                    return null;
                }
                logger.LogWarning("GitHub GraphQL request failed ({Problem}); trying again", e.Message);
                await Task.Delay(TimeSpan.FromSeconds(1 << attempt), time, cancellationToken).ConfigureAwait(false);
                continue;
            }
            using var _ = reply;
            var json = TryParse(body);
            if (reply.IsSuccessStatusCode && !HasRateLimitError(json))
            {
                LogErrors(json);
                return json?["data"] as JsonObject;
            }
            var wait = RateLimitWaits.For(reply, attempt, time.GetUtcNow(), retry.Fallback, retry.MaxWait);
            if (wait is null || attempt + 1 >= retry.Attempts)
            {
                logger.LogError("GitHub GraphQL query failed: HTTP {Status} {Body}", (int)reply.StatusCode, body.Length > 300 ? body[..300] : body);
                return null;
            }
            logger.LogWarning("GitHub rate limit reached; waiting {Wait} before attempt {Attempt}", wait, attempt + 2);
            await Task.Delay(wait.Value, time, cancellationToken).ConfigureAwait(false);
        }
        return null;
    }

    private void LogErrors(JsonObject? json)
    {
        if (json?["errors"] is JsonArray { Count: > 0 } errors)
        {
            var grouped = errors.Select(x => x?["message"]?.GetValue<string>() ?? "(no message)")
                .GroupBy(x => x, StringComparer.Ordinal)
                .Select(g => $"{g.Key} (x{g.Count()})");
            logger.LogError("Errors in GraphQL query: {Errors}", string.Join(", ", grouped));
        }
    }

    private static bool HasRateLimitError(JsonObject? json) =>
        json?["errors"] is JsonArray errors && errors.Any(x => x?["type"]?.GetValue<string>() == "RATE_LIMITED");

    private static JsonObject? TryParse(string body)
    {
        try
        {
            return JsonNode.Parse(body) as JsonObject;
        }
        catch (JsonException)
        {
            return null;
        }
    }

    /// <summary>A string literal for a GraphQL query.</summary>
    public static string Literal(string text) =>
        "\"" + text.Replace("\\", "\\\\", StringComparison.Ordinal).Replace("\"", "\\\"", StringComparison.Ordinal) + "\"";
}
