using Microsoft.Extensions.Logging;
using Octokit;

namespace NetKAN.Bus.Services.GitHub;

/// <summary>Pull requests through the GitHub REST API (Octokit), as the original's GitHubPR.create_pull_request.</summary>
public sealed class OctokitPullRequests(GitHubClients clients, ILogger<OctokitPullRequests> logger) : IPullRequests
{
    public async Task<PullRequestResult> OpenAsync(string repository, string branch, string title, string body,
        IReadOnlyList<string> labels, CancellationToken cancellationToken)
    {
        var (owner, name) = GitHubClients.Split(repository);
        var client = clients.Client;
        try
        {
            var target = await client.Repository.Get(owner, name).ConfigureAwait(false);
            var pull = await client.PullRequest.Create(owner, name,
                new NewPullRequest(title, branch, target.DefaultBranch) { Body = body }).ConfigureAwait(false);
            if (labels.Count > 0)
            {
                await client.Issue.Labels.ReplaceAllForIssue(owner, name, pull.Number, labels.ToArray()).ConfigureAwait(false);
            }
            return new PullRequestResult(pull.Number, pull.HtmlUrl, Created: true);
        }
        catch (ApiValidationException e)
        {
            // Typically "A pull request already exists for owner:branch": tell the existing one what changed.
            logger.LogWarning("Pull request for {Branch} on {Repository} failed: {Problem}; commenting on the open one",
                branch, repository, Describe(e));
            var existing = await OpenFor(client, owner, name, branch).ConfigureAwait(false);
            if (existing.Count == 0)
            {
                throw;
            }
            foreach (var pull in existing)
            {
                await client.Issue.Comment.Create(owner, name, pull.Number, body).ConfigureAwait(false);
            }
            return new PullRequestResult(existing[0].Number, existing[0].HtmlUrl, Created: false);
        }
    }

    public async Task<PullRequestResult?> FindAsync(string repository, string branch, CancellationToken cancellationToken)
    {
        var (owner, name) = GitHubClients.Split(repository);
        var existing = await OpenFor(clients.Client, owner, name, branch).ConfigureAwait(false);
        return existing.Count > 0 ? new PullRequestResult(existing[0].Number, existing[0].HtmlUrl, Created: false) : null;
    }

    private static async Task<IReadOnlyList<PullRequest>> OpenFor(IGitHubClient client, string owner, string name, string branch) =>
        await client.PullRequest.GetAllForRepository(owner, name,
            new PullRequestRequest { Head = $"{owner}:{branch}", State = ItemStateFilter.Open }).ConfigureAwait(false);

    private static string Describe(ApiValidationException e) =>
        e.ApiError?.Errors is { Count: > 0 } errors
            ? $"{e.Message} - {string.Join(" - ", errors.Select(x => x.Message))}"
            : e.Message;
}
