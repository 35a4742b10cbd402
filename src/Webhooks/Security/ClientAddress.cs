using System.Net;
using Microsoft.AspNetCore.Http;

namespace NetKAN.Bus.Webhooks.Security;

/// <summary>Who is calling: the socket's peer, or (behind our own nginx) the address nginx appended to X-Forwarded-For.</summary>
public static class ClientAddress
{
    public const string ForwardedForHeader = "X-Forwarded-For";

    /// <remarks>
    /// nginx's <c>$proxy_add_x_forwarded_for</c> appends the peer it saw to whatever the client sent, so only the
    /// right-most entry can be trusted; anything to its left is whatever the caller chose to claim.
    /// </remarks>
    public static IPAddress? Resolve(HttpContext context, bool trustForwardedFor)
    {
        if (trustForwardedFor)
        {
            var header = context.Request.Headers[ForwardedForHeader].ToString();
            var last = header.Split(',', StringSplitOptions.TrimEntries | StringSplitOptions.RemoveEmptyEntries).LastOrDefault();
            if (last is not null && IPAddress.TryParse(last, out var forwarded))
            {
                return SourceAllowList.Normalize(forwarded);
            }
        }
        var peer = context.Connection.RemoteIpAddress;
        return peer is null ? null : SourceAllowList.Normalize(peer);
    }
}
