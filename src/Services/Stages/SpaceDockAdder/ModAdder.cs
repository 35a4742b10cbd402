using LibGit2Sharp;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;
using NetKAN.Bus.Contracts.Queues;
using NetKAN.Bus.Services.Git;
using NetKAN.Bus.Services.GitHub;
using NetKAN.Bus.Services.NetkanEdits;
using NetKAN.Bus.Services.ModCatalog;

namespace NetKAN.Bus.Services.SpaceDockAdder;

public enum AddOutcome
{
    /// <summary><c>NetKAN/&lt;id&gt;.netkan</c> already exists: nothing to do.</summary>
    AlreadyListed,

    /// <summary><c>NetKAN/&lt;id&gt;.frozen</c> exists: nothing to do.</summary>
    Frozen,

    /// <summary>The netkan is on <c>add/&lt;id&gt;</c> and a pull request is open for it.</summary>
    Proposed,

    /// <summary>The request names no usable mod (no name with letters or digits).</summary>
    Rejected,
}

public sealed record AddResult(AddOutcome Outcome, string Identifier, string? Branch = null, string? Commit = null, string? PullRequestUrl = null);

/// <summary>
/// The SpaceDock Adder, as the original's <c>try_add</c>: unless the mod is already in the game's NetKAN (as .netkan or
/// .frozen), write its netkan to <c>NetKAN/&lt;id&gt;.netkan</c> on branch <c>add/&lt;id&gt;</c>, committed on behalf of
/// the SpaceDock user (author = their name and email), push the branch and open the pull request
/// <c>Add &lt;name&gt; from &lt;site&gt;</c> labelled <c>Mod request</c>. Returns only once the pull request exists;
/// anything failing on the way throws so the request is tried again (a branch already holding the netkan is not
/// committed twice, and an open pull request for it is reused).
/// </summary>
public sealed class ModAdder(
    GameRepositories repositories,
    NetkanDrafts drafts,
    IPullRequests pullRequests,
    IOptions<GitOptions> git,
    IOptions<SpaceDockAdderOptions> options,
    TimeProvider time,
    ILogger<ModAdder> logger)
{
    public async Task<AddResult> AddAsync(AddMod message, CancellationToken cancellationToken)
    {
        var request = SpaceDockAddRequest.Parse(message.Request);
        var identifier = request.Identifier;
        if (identifier.Length == 0)
        {
            return new AddResult(AddOutcome.Rejected, identifier);
        }
        var netkanPath = $"NetKAN/{identifier}.netkan";
        var copy = await repositories.NetKanAsync(message.Game, cancellationToken).ConfigureAwait(false);
        using (await copy.LockAsync(cancellationToken).ConfigureAwait(false))
        {
            repositories.TryPull(copy);
            var primary = copy.Commit(copy.Head!).Tree;
            if (primary[netkanPath] is not null)
            {
                return new AddResult(AddOutcome.AlreadyListed, identifier);
            }
            if (primary[$"NetKAN/{identifier}.frozen"] is not null)
            {
                return new AddResult(AddOutcome.Frozen, identifier);
            }
        }

        // Downloads and API calls happen outside the lock; the branch is written under it.
        var text = NetkanYaml.Write(await drafts.BuildAsync(request, message.Game, cancellationToken).ConfigureAwait(false));
        var branch = "add/" + identifier;
        BranchEdit edit;
        using (await copy.LockAsync(cancellationToken).ConfigureAwait(false))
        {
            edit = BranchEdit.Start(copy, branch);
            var bot = git.Value.Signature(time.GetUtcNow());
            edit.Commit(request.CommitMessage, Author(request, bot), bot,
                (tree, objects) => BranchEdit.Write(tree, objects, netkanPath, text));
            edit.Push();
        }
        logger.LogInformation("{Action} {Path} on {Branch} ({Game}) as {Commit}", edit.Committed ? "Committed" : "Already had",
            netkanPath, branch, message.Game, edit.Tip.Sha[..7]);

        var gitHubRepo = repositories.Options(message.Game, RepositoryKind.NetKan).GitHubRepo;
        if (string.IsNullOrWhiteSpace(gitHubRepo))
        {
            throw new InvalidOperationException(
                $"No Repos:{message.Game}:NetKan:GitHubRepo configured: cannot open the pull request for {branch}");
        }
        if (!edit.Committed && await pullRequests.FindAsync(gitHubRepo, branch, cancellationToken).ConfigureAwait(false) is { } open)
        {
            return new AddResult(AddOutcome.Proposed, identifier, branch, edit.Tip.Sha, open.Url);
        }
        var pull = await pullRequests.OpenAsync(gitHubRepo, branch, request.Title, request.PullRequestBody, options.Value.Labels,
            cancellationToken).ConfigureAwait(false);
        return new AddResult(AddOutcome.Proposed, identifier, branch, edit.Tip.Sha, pull.Url);
    }

    /// <summary>The SpaceDock user as the commit's author; the bot when the form lacks a name or e-mail.</summary>
    private static Signature Author(SpaceDockAddRequest request, Signature bot) =>
        request["username"] is { Length: > 0 } name && request["email"] is { Length: > 0 } email
            ? new Signature(name, email, bot.When)
            : bot;
}
