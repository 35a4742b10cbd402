using System.Reflection;
using System.Security.Cryptography;
using Microsoft.AspNetCore.Http;

namespace NetKAN.Bus.Webhooks.Dashboard;

/// <summary>The page's stylesheet and script, embedded in the assembly (no CDN, works offline), served with an ETag.</summary>
public static class DashboardAssets
{
    public const string StylePath = "/assets/dashboard.css";
    public const string ScriptPath = "/assets/dashboard.js";

    private static readonly Lazy<Asset> Style = new(() => Load("dashboard.css", "text/css; charset=utf-8"));
    private static readonly Lazy<Asset> Script = new(() => Load("dashboard.js", "text/javascript; charset=utf-8"));

    public static Task ServeStyleAsync(HttpContext context) => ServeAsync(context, Style.Value);

    public static Task ServeScriptAsync(HttpContext context) => ServeAsync(context, Script.Value);

    private static async Task ServeAsync(HttpContext context, Asset asset)
    {
        context.Response.Headers.ETag = asset.ETag;
        context.Response.Headers.CacheControl = "public, max-age=300";
        if (context.Request.Headers.IfNoneMatch == asset.ETag)
        {
            context.Response.StatusCode = StatusCodes.Status304NotModified;
            return;
        }
        context.Response.ContentType = asset.ContentType;
        context.Response.ContentLength = asset.Bytes.Length;
        await context.Response.Body.WriteAsync(asset.Bytes, context.RequestAborted);
    }

    private static Asset Load(string name, string contentType)
    {
        var assembly = typeof(DashboardAssets).Assembly;
        var resource = assembly.GetManifestResourceNames().Single(x => x.EndsWith("." + name, StringComparison.Ordinal));
        using var stream = assembly.GetManifestResourceStream(resource)!;
        using var buffer = new MemoryStream();
        stream.CopyTo(buffer);
        var bytes = buffer.ToArray();
        return new Asset(bytes, contentType, $"\"{Convert.ToHexStringLower(SHA256.HashData(bytes))[..16]}\"");
    }

    private sealed record Asset(byte[] Bytes, string ContentType, string ETag);
}
