using NetKAN.Bus.Contracts.Games;
using System.Text;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;
using NetKAN.Bus.Contracts.Lifecycle;
using NetKAN.Bus.Contracts.Queues;
using NetKAN.Bus.Metadata.Ckan;
using NetKAN.Bus.Services.Git;
using NetKAN.Bus.Services.GitHub;
using NetKAN.Bus.Services.ModCatalog;

namespace NetKAN.Bus.Services.Indexer;

/// <summary>What indexing one inflated module did.</summary>
public sealed record IndexResult(IndexOutcome Outcome, string FileName, string? Commit = null, string? PullRequestUrl = null);

/// <summary>A message that can never be indexed (bad identifier or file name); retrying cannot help.</summary>
public sealed class IndexingRejectedException(string message) : Exception(message);

/// <summary>
/// Puts one successfully inflated .ckan into the game's CKAN-meta, as the original Indexer:
/// <list type="bullet">
/// <item>the file <c>&lt;identifier&gt;/&lt;FileName&gt;</c> is written only when its bytes differ from the committed
/// file (compared by git blob id, so the file bytes always equal the message body);</item>
/// <item>a change is committed as <c>NetKAN added mod - &lt;stem&gt;</c> or <c>NetKAN updated mod - &lt;stem&gt;</c> and
/// pushed; the call returns only after a push containing the commit succeeded (pushes are shared by commits made
/// close together, see <see cref="PushCoordinator"/>);</item>
/// <item>a staged module goes to branch <c>add/&lt;stem&gt;</c> instead, which is pushed and proposed as a pull request
/// titled <c>NetKAN inflated: &lt;identifier&gt;</c> (the primary branch and working tree are not touched).</item>
/// </list>
/// </summary>
public sealed class CkanIndexer(
    GameRepositories repositories,
    CkanMetaVersions versions,
    IPullRequests pullRequests,
    IOptions<IndexerOptions> options,
    IOptions<GitOptions> git,
    ILogger<CkanIndexer> logger)
{
    public async Task<IndexResult> IndexAsync(ModInflated message, CkanModule module, CancellationToken cancellationToken)
    {
        var fileName = message.FileName ?? throw new IndexingRejectedException("the message has no FileName");
        Validate(message.Identifier, fileName);
        var path = $"{message.Identifier}/{fileName}";
        var stem = Path.GetFileNameWithoutExtension(fileName);
        var content = Encoding.UTF8.GetBytes(message.Ckan);
        var blob = GitObjectFormat.BlobId(content);
        var repository = await repositories.CkanMetaAsync(message.Game, cancellationToken).ConfigureAwait(false);

        IndexResult? result = null;
        StagedCommit? staged = null;
        long mustBePushed;
        using (await repository.LockAsync(cancellationToken).ConfigureAwait(false))
        {
            var existing = repository.FindBlob(path);
            if (existing != blob && repository.PullIfOlderThan(git.Value.PullInterval))
            {
                existing = repository.FindBlob(path); // the remote may have it already
            }
            var commitMessage = $"NetKAN {(existing is null ? "added" : "updated")} mod - {stem}";
            if (existing == blob)
            {
                // The commit that wrote this file when it is recent (a redelivered result of a killed indexer),
                // otherwise HEAD, which holds it too.
                result = new IndexResult(IndexOutcome.Unchanged, fileName, (repository.RecentWriterOf(path) ?? repository.Head).Sha);
                // An earlier attempt of this very message may have committed it without managing to push.
                mustBePushed = repository.Committed;
            }
            else if (message.Staged)
            {
                staged = Stage(repository, message, path, stem, content, commitMessage);
                mustBePushed = 0;
            }
            else
            {
                var parent = repository.Head;
                var (commit, sequence) = repository.CommitFile(path, content, commitMessage);
                versions.Record(message.Game, module, parent, commit);
                result = new IndexResult(existing is null ? IndexOutcome.Added : IndexOutcome.Updated, fileName, commit.Sha);
                mustBePushed = sequence;
                logger.LogInformation("Committed {Identifier} ({Game}) to CKAN-meta as {Commit}: {Message}",
                    message.Identifier, message.Game, commit.Sha[..7], commitMessage);
            }
        }
        if (staged is not null)
        {
            return await ProposeAsync(message, fileName, staged, cancellationToken).ConfigureAwait(false);
        }
        if (repository.Pushes.Pushed < mustBePushed)
        {
            await repository.WaitUntilPushedAsync(mustBePushed, cancellationToken).ConfigureAwait(false);
        }
        return result!;
    }

    /// <summary>Commits to <c>add/&lt;stem&gt;</c> and pushes it (under the repository lock).</summary>
    private StagedCommit Stage(CkanMetaRepository repository, ModInflated message, string path, string stem,
        byte[] content, string commitMessage)
    {
        var branch = "add/" + stem.Replace(" ", "", StringComparison.Ordinal);
        var commit = repository.CommitToBranch(branch, path, content, commitMessage);
        if (commit is null)
        {
            logger.LogInformation("{Identifier} ({Game}) is already staged on {Branch}", message.Identifier, message.Game, branch);
            return new StagedCommit(branch, repository.Copy.Tip("refs/heads/" + branch)?.Sha, New: false);
        }
        repository.PushBranch(branch);
        logger.LogInformation("Staged {Identifier} ({Game}) on {Branch} as {Commit}", message.Identifier, message.Game,
            branch, commit.Sha[..7]);
        return new StagedCommit(branch, commit.Sha, New: true);
    }

    /// <summary>Opens the pull request for a new staging commit (or comments on the open one); for a branch that
    /// already held this content, only looks the open pull request up.</summary>
    private async Task<IndexResult> ProposeAsync(ModInflated message, string fileName, StagedCommit staged,
        CancellationToken cancellationToken)
    {
        var gitHubRepo = repositories.Options(message.Game, RepositoryKind.CkanMeta).GitHubRepo;
        if (string.IsNullOrWhiteSpace(gitHubRepo))
        {
            logger.LogWarning("No Repos:{Game}:CkanMeta:GitHubRepo configured; no pull request for {Branch}", message.Game, staged.Branch);
            return new IndexResult(IndexOutcome.Staged, fileName, staged.Commit);
        }
        if (!staged.New)
        {
            var open = await pullRequests.FindAsync(gitHubRepo, staged.Branch, cancellationToken).ConfigureAwait(false);
            return new IndexResult(IndexOutcome.Staged, fileName, staged.Commit, open?.Url);
        }
        var body = string.IsNullOrWhiteSpace(message.StagingReason)
            ? $"{message.Identifier} has been staged, please test and merge"
            : message.StagingReason;
        var pull = await pullRequests.OpenAsync(gitHubRepo, staged.Branch, $"NetKAN inflated: {message.Identifier}", body,
            [options.Value.StagingLabel], cancellationToken).ConfigureAwait(false);
        logger.LogInformation("{Action} pull request {Url} for {Identifier} ({Game})",
            pull.Created ? "Opened" : "Commented on", pull.Url, message.Identifier, message.Game);
        return new IndexResult(IndexOutcome.Staged, fileName, staged.Commit, pull.Url);
    }

    private sealed record StagedCommit(string Branch, string? Commit, bool New);

    private static void Validate(string identifier, string fileName)
    {
        if (!ModIdentifier.IsValid(identifier))
        {
            throw new IndexingRejectedException($"'{identifier}' is not a valid mod identifier for a CKAN-meta folder");
        }
        if (!fileName.EndsWith(".ckan", StringComparison.Ordinal) || fileName.Length <= ".ckan".Length
            || fileName.IndexOfAny(['/', '\\', '\0']) >= 0 || fileName.StartsWith('.'))
        {
            throw new IndexingRejectedException($"FileName '{fileName}' is not a .ckan file name");
        }
    }
}
