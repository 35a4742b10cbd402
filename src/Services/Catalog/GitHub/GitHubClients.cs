using Microsoft.Extensions.Options;
using NetKAN.Bus.Contracts.Configuration;
using Octokit;

namespace NetKAN.Bus.Services.GitHub;

/// <summary>The one Octokit client of the process, on the configured API URL, authenticated when a token is set.</summary>
public sealed class GitHubClients(IOptions<GitHubOptions> options)
{
    public const string UserAgent = "NetKAN.Bus";

    private readonly Lazy<IGitHubClient> _client = new(() =>
    {
        var client = new GitHubClient(new ProductHeaderValue(UserAgent), new Uri(options.Value.ApiUrl));
        if (!string.IsNullOrWhiteSpace(options.Value.Token))
        {
            client.Credentials = new Credentials(options.Value.Token);
        }
        return client;
    });

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
