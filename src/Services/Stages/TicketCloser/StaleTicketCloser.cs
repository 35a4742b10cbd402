using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;
using NetKAN.Bus.Services.GitHub;
using Octokit;

namespace NetKAN.Bus.Services.TicketCloser;

/// <summary>What happened to one issue.</summary>
public sealed record TicketDecision(string Repository, long Number, string Title, string Outcome)
{
    public bool Closed => Outcome == "closed";
}

/// <summary>
/// Closes stale support tickets, as the original's TicketCloser: in each repository, the open, unassigned issues
/// labelled <c>support</c>; skipped when they have no comments, when the last comment is by the issue's author (the
/// ball is in our court), or when updated within the last <c>DaysLimit</c> days; otherwise the bot comments the
/// original's text and closes the issue as not planned.
/// </summary>
public sealed class StaleTicketCloser(
    GitHubClients gitHub,
    IOptions<TicketCloserOptions> options,
    TimeProvider time,
    ILogger<StaleTicketCloser> logger)
{
    public const string Comment =
        "Hey there! I'm a fun-loving automated bot who's responsible for making sure old support tickets get closed out. "
        + "As we haven't seen any activity on this ticket for a while, we're hoping the problem has been resolved and I'm "
        + "closing out the ticket automatically. If I'm doing this in error, please add a comment to this ticket to let us "
        + "know, and we'll re-open it!\n";

    private static readonly Dictionary<string, string> CloseAsNotPlanned = new(StringComparer.Ordinal)
    {
        ["state"] = "closed",
        ["state_reason"] = "not_planned",
    };

    public async Task<IReadOnlyList<TicketDecision>> CloseStaleAsync(int? daysLimit, CancellationToken cancellationToken)
    {
        var settings = options.Value;
        var cutoff = time.GetUtcNow() - TimeSpan.FromDays(daysLimit ?? settings.DaysLimit);
        var client = gitHub.Client;
        var decisions = new List<TicketDecision>();
        foreach (var repository in settings.Repositories)
        {
            var request = new RepositoryIssueRequest { State = ItemStateFilter.Open, Assignee = "none" };
            request.Labels.Add(settings.Label);
            var issues = await client.Issue.GetAllForRepository(settings.Owner, repository, request)
                .WaitAsync(cancellationToken).ConfigureAwait(false);
            foreach (var issue in issues)
            {
                var outcome = await DecideAsync(client, settings.Owner, repository, issue, cutoff, cancellationToken).ConfigureAwait(false);
                logger.LogInformation("{Outcome}: {Title} ({Repository}#{Number})", outcome, issue.Title, repository, issue.Number);
                decisions.Add(new TicketDecision(repository, issue.Number, issue.Title, outcome));
            }
        }
        return decisions;
    }

    private static async Task<string> DecideAsync(IGitHubClient client, string owner, string repository, Issue issue,
        DateTimeOffset cutoff, CancellationToken cancellationToken)
    {
        if (issue.Comments < 1)
        {
            return "skipped (no comments)";
        }
        var comments = await client.Issue.Comment.GetAllForIssue(owner, repository, issue.Number)
            .WaitAsync(cancellationToken).ConfigureAwait(false);
        if (comments.Count > 0 && comments[^1].User?.Login == issue.User?.Login)
        {
            return "skipped (author comment)";
        }
        if ((issue.UpdatedAt ?? issue.CreatedAt) > cutoff)
        {
            return "skipped (recent update)";
        }
        await client.Issue.Comment.Create(owner, repository, issue.Number, Comment).WaitAsync(cancellationToken).ConfigureAwait(false);
        // Exactly the original's issue.edit(state, state_reason): Octokit's IssueUpdate would also send
        // "milestone": null and clear the issue's milestone.
        await client.Connection.Patch<Issue>(ApiUrls.Issue(owner, repository, issue.Number), CloseAsNotPlanned)
            .WaitAsync(cancellationToken).ConfigureAwait(false);
        return "closed";
    }
}
