using System.Net.Http.Headers;
using System.Text.Json;
using System.Text;
using Microsoft.Extensions.Options;
using NetKAN.Bus.Contracts.Configuration;
using NetKAN.Bus.Services.Upstreams;

namespace NetKAN.Bus.Services.Mirrorer;

/// <summary>The archive answered that its S3 API is over its rate limit (or could not say); try again later.</summary>
public sealed class ArchiveOverloadedException(string message, Exception? inner = null) : Exception(message, inner);

/// <summary>
/// The Internet Archive as the mirrorer uses it (the calls the original made through the <c>internetarchive</c>
/// library): the S3 <c>check_limit</c> probe, the item metadata API (which files, with which SHA-1, an item has) and
/// S3 uploads with <c>x-archive-meta*</c> metadata headers.
/// </summary>
public sealed class ArchiveClient(IHttpClientFactory http, IOptions<UpstreamOptions> upstreams, IOptions<ArchiveOptions> credentials,
    IOptions<MirrorerOptions> options)
{
    private static readonly TimeSpan ProbeTimeout = TimeSpan.FromSeconds(12);

    /// <summary><c>GET /?check_limit=1&amp;accesskey=…&amp;bucket=&lt;item&gt;</c>: overloaded unless it answers
    /// <c>over_limit: 0</c> (an unreadable answer counts as overloaded, as the library does).</summary>
    public async Task<bool> IsOverloadedAsync(string item, CancellationToken cancellationToken)
    {
        var url = UpstreamOptions.Combine(upstreams.Value.ArchiveS3,
            $"?check_limit=1&accesskey={Uri.EscapeDataString(credentials.Value.AccessKey ?? "")}&bucket={Uri.EscapeDataString(item)}");
        using var timeout = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
        timeout.CancelAfter(ProbeTimeout);
        try
        {
            using var reply = await Client.GetAsync(url, timeout.Token).ConfigureAwait(false);
            using var json = JsonDocument.Parse(await reply.Content.ReadAsStringAsync(timeout.Token).ConfigureAwait(false));
            return !(json.RootElement.TryGetProperty("over_limit", out var over) && over.ValueKind == JsonValueKind.Number
                     && over.GetInt32() == 0);
        }
        catch (Exception e) when (e is HttpRequestException or JsonException or TaskCanceledException
                                  && !cancellationToken.IsCancellationRequested)
        {
            return true;
        }
    }

    /// <summary>The SHA-1s (lowercase) of the files the item holds; empty when the item does not exist.</summary>
    public async Task<IReadOnlySet<string>> FileSha1sAsync(string item, CancellationToken cancellationToken)
    {
        var url = UpstreamOptions.Combine(upstreams.Value.Archive, $"metadata/{Uri.EscapeDataString(item)}");
        using var reply = await Client.GetAsync(url, cancellationToken).ConfigureAwait(false);
        reply.EnsureSuccessStatusCode();
        using var json = JsonDocument.Parse(await reply.Content.ReadAsStringAsync(cancellationToken).ConfigureAwait(false));
        var sha1s = new HashSet<string>(StringComparer.Ordinal);
        if (json.RootElement.ValueKind == JsonValueKind.Object
            && json.RootElement.TryGetProperty("files", out var files) && files.ValueKind == JsonValueKind.Array)
        {
            foreach (var file in files.EnumerateArray())
            {
                if (file.ValueKind == JsonValueKind.Object && file.TryGetProperty("sha1", out var sha1)
                    && sha1.ValueKind == JsonValueKind.String)
                {
                    sha1s.Add(sha1.GetString()!.ToLowerInvariant());
                }
            }
        }
        return sha1s;
    }

    /// <summary>
    /// <c>PUT /&lt;item&gt;/&lt;key&gt;</c> with <c>authorization: LOW access:secret</c>, <c>x-amz-auto-make-bucket: 1</c>,
    /// the content type and length, and one <c>x-archive-metaNN-&lt;key&gt;</c> header per metadata value.
    /// Throws <see cref="ArchiveUploadException"/> unless the archive answers 2xx.
    /// </summary>
    public async Task UploadAsync(string item, string key, string file, string contentType,
        IReadOnlyList<KeyValuePair<string, IReadOnlyList<string>>> metadata, CancellationToken cancellationToken)
    {
        var url = UpstreamOptions.Combine(upstreams.Value.ArchiveS3, $"{Uri.EscapeDataString(item)}/{Uri.EscapeDataString(key)}");
        await using var body = new FileStream(file, FileMode.Open, FileAccess.Read, FileShare.Read, 1 << 16, FileOptions.Asynchronous);
        using var request = new HttpRequestMessage(HttpMethod.Put, url) { Content = new StreamContent(body) };
        request.Headers.TryAddWithoutValidation("authorization", $"LOW {credentials.Value.AccessKey}:{credentials.Value.SecretKey}");
        request.Headers.TryAddWithoutValidation("x-amz-auto-make-bucket", "1");
        foreach (var (name, value) in MetadataHeaders(metadata))
        {
            request.Headers.TryAddWithoutValidation(name, value);
        }
        request.Content.Headers.ContentType = MediaTypeHeaderValue.Parse(contentType);
        request.Content.Headers.ContentLength = body.Length;

        using var timeout = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
        timeout.CancelAfter(options.Value.UploadTimeout);
        HttpResponseMessage reply;
        try
        {
            reply = await Client.SendAsync(request, timeout.Token).ConfigureAwait(false);
        }
        catch (Exception e) when (e is HttpRequestException or TaskCanceledException && !cancellationToken.IsCancellationRequested)
        {
            throw new ArchiveUploadException($"Upload of {item}/{key} failed: {(e is TaskCanceledException ? "timed out" : e.Message)}", e);
        }
        using (reply)
        {
            if (!reply.IsSuccessStatusCode)
            {
                var detail = await reply.Content.ReadAsStringAsync(cancellationToken).ConfigureAwait(false);
                throw new ArchiveUploadException(
                    $"Upload of {item}/{key} failed: HTTP {(int)reply.StatusCode} {reply.ReasonPhrase} {Shorten(detail)}".TrimEnd());
            }
        }
    }

    /// <summary>
    /// The library's metadata headers: <c>x-archive-meta{NN}-{key}</c> per value (NN from 00; <c>_</c> in keys becomes
    /// <c>--</c>); a value with non-ASCII characters or whitespace is sent as <c>uri(&lt;percent-encoded&gt;)</c>.
    /// </summary>
    public static IEnumerable<KeyValuePair<string, string>> MetadataHeaders(IReadOnlyList<KeyValuePair<string, IReadOnlyList<string>>> metadata)
    {
        foreach (var (key, values) in metadata)
        {
            for (var i = 0; i < values.Count; i++)
            {
                if (string.IsNullOrEmpty(values[i]))
                {
                    continue;
                }
                yield return new($"x-archive-meta{i:00}-{key.Replace("_", "--", StringComparison.Ordinal)}", HeaderValue(values[i]));
            }
        }
    }

    private static string HeaderValue(string value) =>
        value.Any(c => c > 127 || char.IsWhiteSpace(c)) ? $"uri({PercentEncode(value)})" : value;

    /// <summary>Python's <c>urllib.parse.quote(value)</c>: UTF-8, everything but letters, digits, <c>_.-~/</c> escaped.</summary>
    private static string PercentEncode(string value)
    {
        var text = new StringBuilder();
        foreach (var b in Encoding.UTF8.GetBytes(value))
        {
            var c = (char)b;
            if (char.IsAsciiLetterOrDigit(c) || c is '_' or '.' or '-' or '~' or '/')
            {
                text.Append(c);
            }
            else
            {
                text.Append('%').Append(b.ToString("X2", System.Globalization.CultureInfo.InvariantCulture));
            }
        }
        return text.ToString();
    }

    private static string Shorten(string text) => text.Length > 300 ? text[..300] + "…" : text;

    private HttpClient Client => http.CreateClient(ServiceHttp.ClientName);
}

/// <summary>An upload to the archive failed (the message is kept for another attempt).</summary>
public sealed class ArchiveUploadException(string message, Exception? inner = null) : Exception(message, inner);
