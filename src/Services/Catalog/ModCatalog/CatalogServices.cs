using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection.Extensions;
using Microsoft.Extensions.DependencyInjection;
using NetKAN.Bus.Services.Git;
using NetKAN.Bus.Services.GitHub;

namespace NetKAN.Bus.Services.ModCatalog;

/// <summary>
/// The git repositories of every game and what is built on them, registered once however many roles ask
/// (indexer, scheduler, webhooks): working copies (<see cref="GameRepositories"/>), highest versions
/// (<see cref="CkanMetaVersions"/>), active netkans (<see cref="NetkanScanner"/>), GitHub pull requests and rate
/// limit, and the webhook ports <see cref="IInflationRequests"/>, <see cref="INetkanCatalog"/>, <see cref="ICkanMetaFiles"/>
/// and <see cref="IServedGames"/>.
/// </summary>
public static class CatalogServices
{
    public static void Add(IServiceCollection services, IConfiguration configuration)
    {
        if (services.Any(x => x.ServiceType == typeof(GameRepositories)))
        {
            return;
        }
        services.AddSingleton(RepositoriesOptions.Bind(configuration));
        services.Configure<GitOptions>(configuration.GetSection(GitOptions.Section));
        GitHubServices.AddOctokit(services, configuration);
        services.AddSingleton<GameRepositories>();
        services.TryAddSingleton<IPullRequests, OctokitPullRequests>();
        services.TryAddSingleton<IGitHubRateLimit, OctokitRateLimit>();
        services.AddSingleton<CkanMetaVersions>();
        services.AddSingleton<NetkanScanner>();
        services.TryAddSingleton<IInflationRequests, InflationRequests>();
        services.TryAddSingleton<INetkanCatalog, NetkanCatalog>();
        services.TryAddSingleton<ICkanMetaFiles, CkanMetaFiles>();
        services.TryAddSingleton<IServedGames, ServedGames>();
    }
}
