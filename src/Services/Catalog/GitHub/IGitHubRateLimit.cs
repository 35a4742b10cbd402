namespace NetKAN.Bus.Services.GitHub;

/// <summary>How many core GitHub API requests remain this hour (the scheduler skips a pass when few remain).</summary>
public interface IGitHubRateLimit
{
    Task<int> GetCoreRemainingAsync(CancellationToken cancellationToken);
}

/// <summary>GET /rate_limit through Octokit (<c>resources.core.remaining</c>).</summary>
public sealed class OctokitRateLimit(GitHubClients clients) : IGitHubRateLimit
{
    public async Task<int> GetCoreRemainingAsync(CancellationToken cancellationToken)
    {
        var limits = await clients.Client.RateLimit.GetRateLimits().ConfigureAwait(false);
        return limits.Resources.Core.Remaining;
    }
}
