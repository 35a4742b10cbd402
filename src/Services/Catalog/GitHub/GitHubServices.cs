using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.DependencyInjection.Extensions;
using Microsoft.Extensions.Options;
using NetKAN.Bus.Contracts.Configuration;
using NetKAN.Bus.Contracts.GitHub;

namespace NetKAN.Bus.Services.GitHub;

/// <summary>Registers the GitHub client factory (and the Octokit client built by it) for every role that talks to
/// GitHub: the catalog, the ticket closer, the GraphQL client of the stages. Safe to call more than once.</summary>
public static class GitHubServices
{
    /// <summary>The <c>GitHub</c> and <c>Upstreams</c> sections and the <see cref="GitHubClientFactory"/> built from
    /// them. The sections are bound even when the inflator registered the factory first (binding twice is harmless).</summary>
    public static void AddClientFactory(IServiceCollection services, IConfiguration configuration)
    {
        services.Configure<GitHubOptions>(configuration.GetSection(GitHubOptions.Section));
        services.Configure<UpstreamOptions>(configuration.GetSection(UpstreamOptions.Section));
        services.TryAddSingleton(sp => new GitHubClientFactory(
            sp.GetRequiredService<IOptions<GitHubOptions>>().Value, sp.GetRequiredService<IOptions<UpstreamOptions>>().Value));
    }

    /// <summary>The factory and the process's one Octokit client (<see cref="GitHubClients"/>).</summary>
    public static void AddOctokit(IServiceCollection services, IConfiguration configuration)
    {
        AddClientFactory(services, configuration);
        services.TryAddSingleton<GitHubClients>();
    }
}
