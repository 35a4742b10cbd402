using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection.Extensions;
using Microsoft.Extensions.DependencyInjection;
using NetKAN.Bus.Contracts.Configuration;

namespace NetKAN.Bus.Services.Upstreams;

/// <summary>
/// The HTTP client (and the GitHub GraphQL client on it) the non-inflator services share (archive.org, GitHub GraphQL, SpaceDock, SourceForge, downloads):
/// the original's bot User-Agent, redirects followed, no client-wide timeout (callers set their own).
/// </summary>
public static class ServiceHttp
{
    public const string ClientName = "netkan-services";

    /// <summary>The original's USER_AGENT, sent on every request.</summary>
    public const string UserAgent = "Mozilla/5.0 (compatible; Netkanbot/1.0; CKAN; +https://github.com/KSP-CKAN/NetKAN-Infra)";

    public static void Add(IServiceCollection services, IConfiguration configuration)
    {
        if (services.Any(x => x.ServiceType == typeof(ServiceHttpMarker)))
        {
            return;
        }
        services.AddSingleton<ServiceHttpMarker>();
        services.Configure<UpstreamOptions>(configuration.GetSection(UpstreamOptions.Section));
        services.TryAddSingleton(TimeProvider.System);
        services.Configure<GitHubOptions>(configuration.GetSection(GitHubOptions.Section));
        services.TryAddSingleton<GitHubGraphQl>();
        services.AddHttpClient(ClientName, client =>
            {
                client.Timeout = Timeout.InfiniteTimeSpan;
                client.DefaultRequestHeaders.UserAgent.ParseAdd(UserAgent);
            })
            .ConfigurePrimaryHttpMessageHandler(() => new SocketsHttpHandler { AllowAutoRedirect = true, MaxAutomaticRedirections = 10 });
    }

    /// <summary>Registered once, so several roles of one process can ask for the client.</summary>
    private sealed class ServiceHttpMarker;
}
