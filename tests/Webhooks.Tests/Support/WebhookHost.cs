using System.Text;
using Microsoft.Extensions.DependencyInjection.Extensions;
using Microsoft.Extensions.DependencyInjection;
using NetKAN.Bus.Contracts.Queues;
using NetKAN.Bus.Sagas.Health;
using NetKAN.Bus.Sagas.Persistence;
using NetKAN.Bus.Sagas.Recording;
using NetKAN.Bus.Services.Hosting;
using NetKAN.Bus.Services.ModCatalog;
using NetKAN.Bus.Services.Roles;
using NetKAN.Bus.TestSupport;

namespace NetKAN.Bus.Webhooks.Tests.Support;

/// <summary>
/// A real <c>netkan</c> process with the webhooks and dashboard roles (in-memory transport, memory store) on Kestrel at
/// 127.0.0.1 on a free port, with the NetKAN ports faked and every sent wire message recorded.
/// </summary>
public sealed class WebhookHost : IAsyncDisposable
{
    public const string Secret = "It's a secret to everybody";

    private readonly TestHost _host;

    private WebhookHost(TestHost host)
    {
        _host = host;
        Address = host.Address!;
        Client = new HttpClient { BaseAddress = Address, Timeout = TimeSpan.FromSeconds(30) };
    }

    public Uri Address { get; }

    public HttpClient Client { get; }

    public IServiceProvider Services => _host.Services;

    public RecordingQueueSender Queues => Services.GetRequiredService<RecordingQueueSender>();

    public FakeNetkans Netkans => Services.GetRequiredService<FakeNetkans>();

    public IModStateStore Store => Services.GetRequiredService<IModStateStore>();

    public IModLifecycle Lifecycle => Services.GetRequiredService<IModLifecycle>();

    public ISchedulerRunLog RunLog => Services.GetRequiredService<ISchedulerRunLog>();

    public QueueNames QueueNames => Services.GetRequiredService<QueueNames>();

    /// <param name="settings">Configuration on top of the defaults (secret set, SHA-1 off, no allow-lists, cache off).</param>
    /// <param name="ports">Fake: the in-memory <see cref="FakeNetkans"/>; None: no IInflationRequests/INetkanCatalog at
    /// all; Real: the git-backed ones over the repositories the settings configure.</param>
    public static async Task<WebhookHost> StartAsync(IDictionary<string, string?>? settings = null, PortsMode ports = PortsMode.Fake,
        Action<IServiceCollection>? services = null, string? dataDir = null)
    {
        var defaults = new Dictionary<string, string?>
        {
            ["Webhooks:GitHubSecret"] = Secret,
            ["Dashboard:CacheSeconds"] = "0",
            // The recording sender stands in for the queues: mirror requests are observed, not dropped.
            ["Lifecycle:RequestMirroring"] = "true",
            ["Serilog:MinimumLevel:Default"] = "Information",
            ["Serilog:MinimumLevel:Override:Microsoft"] = "Warning",
            ["Serilog:MinimumLevel:Override:MassTransit"] = "Warning",
        };
        var hostSettings = new HostSettings
        {
            Roles = ["webhooks", "dashboard"], Transport = "inmemory", Store = "memory", Urls = "http://127.0.0.1:0",
            DataDir = dataDir ?? Path.Combine(Path.GetTempPath(), "netkan-webhooks-tests"),
        };
        var host = await new TestHostBuilder().With(defaults).With(settings)
            .Services(s =>
            {
                s.AddSingleton<RecordingQueueSender>();
                s.AddSingleton<IQueueSender>(sp => sp.GetRequiredService<RecordingQueueSender>());
                s.AddSingleton<FakeNetkans>();
                if (ports != PortsMode.Real)
                {
                    // The webhooks role registers the git-backed ports; most tests use the fakes, or none at all.
                    s.RemoveAll<IInflationRequests>();
                    s.RemoveAll<INetkanCatalog>();
                    s.RemoveAll<ICkanMetaFiles>();
                    s.RemoveAll<IServedGames>();
                }
                if (ports == PortsMode.Fake)
                {
                    s.AddSingleton<IInflationRequests>(sp => sp.GetRequiredService<FakeNetkans>());
                    s.AddSingleton<INetkanCatalog>(sp => sp.GetRequiredService<FakeNetkans>());
                    s.AddSingleton<ICkanMetaFiles>(sp => sp.GetRequiredService<FakeNetkans>());
                }
            })
            .Services(services)
            .StartAsync((c, s) => NetkanHost.Build(hostSettings, [], c, s));
        return new WebhookHost(host);
    }

    public static CancellationToken Timeout => TestHost.Timeout;

    /// <summary>A GitHub delivery: the body signed with SHA-256 (as GitHub does), the event header set.</summary>
    public static HttpRequestMessage GitHub(string path, string body, string gitHubEvent = "push", string? secret = Secret,
        bool sha256 = true, bool sha1 = false)
    {
        var bytes = Encoding.UTF8.GetBytes(body);
        var request = new HttpRequestMessage(HttpMethod.Post, path) { Content = new ByteArrayContent(bytes) };
        request.Content.Headers.ContentType = new("application/json");
        request.Headers.Add("X-GitHub-Event", gitHubEvent);
        request.Headers.Add("X-GitHub-Delivery", Guid.NewGuid().ToString());
        request.Headers.UserAgent.ParseAdd("GitHub-Hookshot/5a1b2c3");
        if (secret is not null && sha256)
        {
            request.Headers.Add("X-Hub-Signature-256", Security.GitHubSignature.Sign256(bytes, secret));
        }
        if (secret is not null && sha1)
        {
            request.Headers.Add("X-Hub-Signature", Security.GitHubSignature.Sign1(bytes, secret));
        }
        return request;
    }

    public static string Fixture(string name) => File.ReadAllText(Path.Combine(AppContext.BaseDirectory, "Fixtures", name));

    public async ValueTask DisposeAsync()
    {
        Client.Dispose();
        await _host.DisposeAsync();
    }
}

public enum PortsMode
{
    Fake,
    None,
    Real,
}
