using System.Text;
using LibGit2Sharp;
using Microsoft.Extensions.Logging.Abstractions;
using NetKAN.Bus.Contracts.Games;
using NetKAN.Bus.Services.Git;
using NetKAN.Bus.TestSupport;

namespace NetKAN.Bus.Services.Tests.Git;

/// <summary>
/// A process killed in the middle of a git update leaves git's lock files (seen: <c>refs/heads/main.lock</c> after a
/// SIGKILL between two commits); the next owner of the working copy removes them, and only the owner does.
/// </summary>
public sealed class WorkingCopyOwnershipTests : IDisposable
{
    private static readonly Signature Bot = new("NetKAN inflator Robot", "netkan-bot@ksp-ckan.space",
        new DateTimeOffset(2026, 8, 1, 12, 0, 0, TimeSpan.Zero));

    private readonly TempDir _dir = new("netkan-owner");

    public void Dispose() => _dir.Dispose();

    [Fact]
    public void Lock_files_left_by_a_killed_process_are_removed_and_the_next_commit_succeeds()
    {
        var (remote, path) = ClonedCopy("killed");
        var gitDir = Path.Combine(path, ".git");
        File.WriteAllText(Path.Combine(gitDir, "refs", "heads", "main.lock"), "");
        File.WriteAllText(Path.Combine(gitDir, "index.lock"), "");

        using var reopened = GitWorkingCopy.Open("ksp CKAN-meta", path, remote, GitCredentials.From(null), NullLogger.Instance);
        using var repository = new CkanMetaRepository(GameId.Ksp, reopened, () => Bot, TimeSpan.Zero, TimeProvider.System,
            NullLogger.Instance);
        var (commit, _) = repository.CommitFile("Mod/Mod-2.0.ckan", Encoding.UTF8.GetBytes("{}\n"), "NetKAN added mod - Mod-2.0");

        Assert.False(File.Exists(Path.Combine(gitDir, "refs", "heads", "main.lock")));
        Assert.False(File.Exists(Path.Combine(gitDir, "index.lock")));
        Assert.Equal(commit.Sha, reopened.Head!.Sha);
    }

    [Fact]
    public void A_fresh_lock_file_of_a_copy_another_holder_has_open_is_left_alone()
    {
        var (remote, path) = ClonedCopy("shared");
        var lockFile = Path.Combine(path, ".git", "refs", "heads", "main.lock");
        using var first = GitWorkingCopy.Open("ksp CKAN-meta", path, remote, GitCredentials.From(null), NullLogger.Instance);
        File.WriteAllText(lockFile, ""); // the first holder is in the middle of an update

        using var second = GitWorkingCopy.Open("ksp CKAN-meta", path, remote, GitCredentials.From(null), NullLogger.Instance);

        Assert.True(File.Exists(lockFile));
    }

    [Fact]
    public void An_old_lock_file_is_removed_even_while_another_holder_has_the_copy_open()
    {
        // The kill test on SQS: the scheduler (another process) has CKAN-meta open while the killed indexer restarts.
        var (remote, path) = ClonedCopy("old");
        var lockFile = Path.Combine(path, ".git", "refs", "heads", "main.lock");
        using var first = GitWorkingCopy.Open("ksp CKAN-meta", path, remote, GitCredentials.From(null), NullLogger.Instance);
        File.WriteAllText(lockFile, "");
        File.SetLastWriteTimeUtc(lockFile, DateTime.UtcNow - WorkingCopyOwnership.StaleAfter - TimeSpan.FromSeconds(5));

        using var second = GitWorkingCopy.Open("ksp CKAN-meta", path, remote, GitCredentials.From(null), NullLogger.Instance);

        Assert.False(File.Exists(lockFile));
    }

    [Fact]
    public void Ownership_ends_when_the_copy_is_closed()
    {
        var (remote, path) = ClonedCopy("closed");
        var lockFile = Path.Combine(path, ".git", "refs", "heads", "main.lock");
        using (GitWorkingCopy.Open("ksp CKAN-meta", path, remote, GitCredentials.From(null), NullLogger.Instance))
        {
        }
        File.WriteAllText(lockFile, "");

        using var reopened = GitWorkingCopy.Open("ksp CKAN-meta", path, remote, GitCredentials.From(null), NullLogger.Instance);

        Assert.False(File.Exists(lockFile));
    }

    private (string Remote, string Path) ClonedCopy(string name)
    {
        var remote = GitRepos.CreateBare(_dir.Combine(name + ".git"), new Dictionary<string, string> { ["Mod/Mod-1.0.ckan"] = "{}\n" });
        var path = _dir.Combine(name);
        using (GitWorkingCopy.Open("ksp CKAN-meta", path, remote, GitCredentials.From(null), NullLogger.Instance))
        {
        }
        return (remote, path);
    }
}
