using Microsoft.AspNetCore.Hosting.Server;
using Microsoft.AspNetCore.Hosting.Server.Features;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;

namespace NetKAN.Bus.TestSupport;

/// <summary>
/// A started host under test (built by <see cref="TestHostBuilder"/>): its services, the address Kestrel bound when it
/// serves HTTP, and a stop that runs once however often it is disposed.
/// </summary>
public sealed class TestHost : IAsyncDisposable
{
    private readonly IHost _host;
    private bool _disposed;

    private TestHost(IHost host, Uri? address)
    {
        _host = host;
        Address = address;
    }

    /// <summary>The limit for starting, stopping and each awaited step of a test against the host.</summary>
    public static CancellationToken Timeout => new CancellationTokenSource(TimeSpan.FromSeconds(60)).Token;

    public IServiceProvider Services => _host.Services;

    /// <summary>Where the host listens (the first bound address), or null when it serves no HTTP.</summary>
    public Uri? Address { get; }

    public T Get<T>() where T : notnull => Services.GetRequiredService<T>();

    internal static async Task<TestHost> StartAsync(IHost host)
    {
        await host.StartAsync(Timeout);
        var address = host.Services.GetService<IServer>()?.Features.Get<IServerAddressesFeature>()?.Addresses.FirstOrDefault();
        return new TestHost(host, address is null ? null : new Uri(address));
    }

    public async ValueTask DisposeAsync()
    {
        if (_disposed)
        {
            return;
        }
        _disposed = true;
        await _host.StopAsync(Timeout);
        _host.Dispose();
    }
}
