using System.Net;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Hosting.Server;
using Microsoft.AspNetCore.Hosting.Server.Features;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;

namespace NetKAN.Bus.TestSupport;

/// <summary>
/// Starts a quiet Kestrel app on 127.0.0.1 with a free port: the one way every loopback fake (upstreams, GitHub,
/// archive.org, receivers) gets a server. The caller maps routes before start and disposes the app at the end.
/// </summary>
public static class LoopbackApp
{
    public static async Task<(WebApplication App, string Url)> StartAsync(Action<WebApplication> map)
    {
        var builder = WebApplication.CreateSlimBuilder();
        builder.Logging.ClearProviders();
        builder.WebHost.UseKestrel(k => k.Listen(IPAddress.Loopback, 0));
        var app = builder.Build();
        map(app);
        await app.StartAsync();
        var url = app.Services.GetRequiredService<IServer>().Features.Get<IServerAddressesFeature>()!.Addresses.First();
        return (app, url.TrimEnd('/'));
    }
}
