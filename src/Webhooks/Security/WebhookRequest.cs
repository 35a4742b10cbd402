using System.Text;
using System.Text.Json;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.WebUtilities;
using NetKAN.Bus.Contracts.Games;
using NetKAN.Bus.Webhooks.Api;

namespace NetKAN.Bus.Webhooks.Security;

/// <summary>
/// An admitted webhook delivery: its game and its raw body, read once (within the size limit) so the signature is
/// checked over exactly the bytes that are then parsed.
/// </summary>
public sealed class WebhookRequest(HttpContext context, GameId game, byte[] body)
{
    public HttpContext Context { get; } = context;

    public GameId Game { get; } = game;

    public byte[] Body { get; } = body;

    public string? Header(string name) => Context.Request.Headers.TryGetValue(name, out var value) ? value.ToString() : null;

    public string? Query(string name) => Context.Request.Query.TryGetValue(name, out var value) ? value.ToString() : null;

    /// <summary>The body as a JSON object, whatever the Content-Type says (as the original's <c>get_json(force=True)</c>).</summary>
    public JsonElement JsonObject()
    {
        if (Body.Length == 0)
        {
            throw ApiProblem.BadRequest("The body is empty; expected a JSON object");
        }
        if (!System.Text.Unicode.Utf8.IsValid(Body))
        {
            // JSON is UTF-8; System.Text.Json checks string contents only when they are read, far too late.
            throw ApiProblem.BadRequest("The body is not valid UTF-8");
        }
        try
        {
            using var document = JsonDocument.Parse(Body);
            if (document.RootElement.ValueKind != JsonValueKind.Object)
            {
                throw ApiProblem.BadRequest($"The body must be a JSON object, not {document.RootElement.ValueKind}");
            }
            CheckStrings(document.RootElement);
            return document.RootElement.Clone();
        }
        catch (JsonException e)
        {
            throw ApiProblem.BadRequest($"The body is not valid JSON: {e.Message}");
        }
        catch (InvalidOperationException e)
        {
            throw ApiProblem.BadRequest($"The body holds a string that is not valid text: {e.Message}");
        }
    }

    /// <summary>Reads every string and key once, so an escaped lone surrogate (<c>"\ud800"</c>) is refused here rather
    /// than failing later wherever a route reads it. Recursion is bounded by JsonDocument's depth limit (64).</summary>
    private static void CheckStrings(JsonElement element)
    {
        switch (element.ValueKind)
        {
            case JsonValueKind.String:
                _ = element.GetString();
                break;
            case JsonValueKind.Array:
                foreach (var item in element.EnumerateArray())
                {
                    CheckStrings(item);
                }
                break;
            case JsonValueKind.Object:
                foreach (var property in element.EnumerateObject())
                {
                    _ = property.Name;
                    CheckStrings(property.Value);
                }
                break;
        }
    }

    /// <summary>The body as an HTML form: url-encoded (in field order), or multipart.</summary>
    public async Task<WebhookForm> FormAsync(CancellationToken cancellationToken)
    {
        var contentType = Context.Request.ContentType ?? "";
        try
        {
            if (contentType.StartsWith("multipart/form-data", StringComparison.OrdinalIgnoreCase))
            {
                Context.Request.Body = new MemoryStream(Body, writable: false);
                var form = await Context.Request.ReadFormAsync(cancellationToken);
                return new WebhookForm(form.SelectMany(field => field.Value.Select(v => KeyValuePair.Create(field.Key, v ?? ""))).ToList());
            }
            // Url-encoded, or no/other content type: read the pairs in the order they were sent.
            var pairs = new List<KeyValuePair<string, string>>();
            using var reader = new FormReader(Encoding.UTF8.GetString(Body));
            while (await reader.ReadNextPairAsync(cancellationToken) is { } pair)
            {
                pairs.Add(KeyValuePair.Create(pair.Key, pair.Value));
            }
            return new WebhookForm(pairs);
        }
        catch (Exception e) when (e is InvalidDataException or IOException or FormatException)
        {
            throw ApiProblem.BadRequest($"The body is not a valid form: {e.Message}");
        }
    }
}

/// <summary>Form fields in the order they were sent; a field may repeat (SpaceDock's per-author fields do).</summary>
public sealed class WebhookForm(IReadOnlyList<KeyValuePair<string, string>> pairs)
{
    public IReadOnlyList<KeyValuePair<string, string>> Pairs { get; } = pairs;

    /// <summary>The first value of a field (as Flask's <c>request.form[key]</c>), or null.</summary>
    public string? First(string key)
    {
        foreach (var (name, value) in Pairs)
        {
            if (name == key)
            {
                return value;
            }
        }
        return null;
    }

    public IReadOnlyList<string> All(string key) => Pairs.Where(x => x.Key == key).Select(x => x.Value).ToList();

    public string Required(string key) =>
        First(key) is { Length: > 0 } value
            ? value
            : throw ApiProblem.BadRequest($"Form field \"{key}\" is required");
}
