using System.IO.Compression;
using Microsoft.AspNetCore.Http;

namespace NetKAN.Bus.Webhooks.Dashboard;

/// <summary>
/// A rendered response body, plus its gzip form made on first demand: the full table of 4,000 mods is about 2 MB of
/// HTML but a tenth of that compressed, and both are reused for the life of a snapshot.
/// </summary>
public sealed class RenderedBody(byte[] raw)
{
    private readonly Lazy<byte[]> _gzip = new(() => Compress(raw));

    public byte[] Raw { get; } = raw;

    public byte[] Gzip => _gzip.Value;

    /// <summary>Whether a client has asked for the gzip form (a snapshot that replaces this one makes it up front).</summary>
    public bool GzipMade => _gzip.IsValueCreated;

    public async Task WriteAsync(HttpContext context, string contentType)
    {
        var response = context.Response;
        response.ContentType = contentType;
        response.Headers.CacheControl = "no-cache";
        response.Headers.Vary = "Accept-Encoding";
        var body = Raw;
        if (AcceptsGzip(context.Request))
        {
            body = Gzip;
            response.Headers.ContentEncoding = "gzip";
        }
        response.ContentLength = body.Length;
        await response.Body.WriteAsync(body, context.RequestAborted);
    }

    private static bool AcceptsGzip(HttpRequest request) =>
        request.Headers.AcceptEncoding.Any(x => x is not null && x.Contains("gzip", StringComparison.OrdinalIgnoreCase));

    private static byte[] Compress(byte[] raw)
    {
        using var buffer = new MemoryStream(raw.Length / 6);
        using (var gzip = new GZipStream(buffer, CompressionLevel.Fastest))
        {
            gzip.Write(raw);
        }
        return buffer.ToArray();
    }
}
