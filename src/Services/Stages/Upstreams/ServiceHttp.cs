using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection.Extensions;
using Microsoft.Extensions.DependencyInjection;
using NetKAN.Bus.Contracts.Configuration;
using NetKAN.Bus.Contracts.GitHub;
using NetKAN.Bus.Services.GitHub;

namespace NetKAN.Bus.Services.Upstreams;

/// <summary>
/// The HTTP client (and the GitHub GraphQL client on it) the non-inflator services share (archive.org, GitHub GraphQL, SpaceDock, SourceForge, downloads):
/// the original's bot User-Agent (<see cref="UpstreamOptions.BotUserAgent"/>), redirects followed, no client-wide
/// timeout (callers set their own). GitHub endpoints and token come from <see cref="GitHubClientFactory"/>.
/// </summary>
public static class ServiceHttp
{
    public const string ClientName = "netkan-services";

    public static void Add(IServiceCollection services, IConfiguration configuration)
    {
        if (services.Any(x => x.ServiceType == typeof(ServiceHttpMarker)))
        {
            return;
        }
        services.AddSingleton<ServiceHttpMarker>();
        services.Configure<UpstreamOptions>(configuration.GetSection(UpstreamOptions.Section));
        services.TryAddSingleton(TimeProvider.System);
        GitHubServices.AddClientFactory(services, configuration);
        services.TryAddSingleton<GitHubGraphQl>();
        services.AddHttpClient(ClientName, client =>
            {
                client.Timeout = Timeout.InfiniteTimeSpan;
                client.DefaultRequestHeaders.UserAgent.ParseAdd(UpstreamOptions.BotUserAgent);
            })
            .ConfigurePrimaryHttpMessageHandler(() => new SocketsHttpHandler { AllowAutoRedirect = true, MaxAutomaticRedirections = 10 });
    }

    /// <summary>Registered once, so several roles of one process can ask for the client.</summary>
    private sealed class ServiceHttpMarker;
}
