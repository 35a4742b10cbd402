using System.Net;
using System.Text.Json;

namespace NetKAN.Bus.Webhooks.Tests.Support;

public static class ApiAssert
{
    /// <summary>Asserts the status and the JSON <c>{"error": …}</c> body, and returns the error text.</summary>
    public static async Task<string> ErrorAsync(HttpResponseMessage response, HttpStatusCode status, string contains)
    {
        var body = await response.Content.ReadAsStringAsync();
        Assert.True(status == response.StatusCode, $"Expected {(int)status} {status}, got {(int)response.StatusCode}: {body}");
        Assert.StartsWith("application/json", response.Content.Headers.ContentType?.MediaType);
        using var json = JsonDocument.Parse(body);
        var error = json.RootElement.GetProperty("error").GetString()!;
        Assert.Contains(contains, error);
        return error;
    }

    public static async Task<string> MessageAsync(HttpResponseMessage response)
    {
        var body = await response.Content.ReadAsStringAsync();
        Assert.True(HttpStatusCode.OK == response.StatusCode, $"Expected 200, got {(int)response.StatusCode}: {body}");
        using var json = JsonDocument.Parse(body);
        return json.RootElement.GetProperty("message").GetString()!;
    }

    public static async Task NoContentAsync(HttpResponseMessage response)
    {
        var body = await response.Content.ReadAsStringAsync();
        Assert.True(HttpStatusCode.NoContent == response.StatusCode, $"Expected 204, got {(int)response.StatusCode}: {body}");
    }
}
