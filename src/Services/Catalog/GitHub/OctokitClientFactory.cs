using NetKAN.Bus.Contracts.GitHub;
using Octokit;

namespace NetKAN.Bus.Services.GitHub;

/// <summary>The Octokit half of <see cref="GitHubClientFactory"/>: here because Catalog is the only project that
/// carries Octokit (Contracts, where the factory lives, references no package).</summary>
public static class OctokitClientFactory
{
    /// <summary>A REST client on <see cref="GitHubClientFactory.OctokitApi"/> with the product name, authenticated
    /// when a token is set.</summary>
    public static IGitHubClient CreateOctokitClient(this GitHubClientFactory factory) =>
        new GitHubClient(new ProductHeaderValue(GitHubClientFactory.ProductName), factory.OctokitApi)
        {
            Credentials = factory.Token is { } token ? new Credentials(token) : Credentials.Anonymous,
        };
}
