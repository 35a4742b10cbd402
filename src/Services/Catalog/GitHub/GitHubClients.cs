using NetKAN.Bus.Contracts.GitHub;
using Octokit;

namespace NetKAN.Bus.Services.GitHub;

/// <summary>The one Octokit client of the process, built once by <see cref="GitHubClientFactory"/>.</summary>
public sealed class GitHubClients(GitHubClientFactory factory)
{
    private readonly Lazy<IGitHubClient> _client = new(factory.CreateOctokitClient);

    public IGitHubClient Client => _client.Value;

    /// <summary>Splits <c>owner/name</c>.</summary>
    public static (string Owner, string Name) Split(string repository)
    {
        var parts = repository.Split('/');
        return parts.Length == 2 && parts.All(x => x.Length > 0)
            ? (parts[0], parts[1])
            : throw new InvalidOperationException($"'{repository}' is not a GitHub repository of the form owner/name.");
    }
}
