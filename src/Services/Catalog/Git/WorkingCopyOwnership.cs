using Microsoft.Extensions.Logging;

namespace NetKAN.Bus.Services.Git;

/// <summary>
/// Which process owns a working copy, and what a killed owner left behind. The owner holds an exclusive lock on
/// <c>.git/netkan-bus.owner</c> for as long as the copy is open (the OS drops it when the process dies, even on
/// SIGKILL). Whoever gets that lock knows no other netkan process is using the copy, so git's own <c>*.lock</c> files
/// found then (<c>refs/heads/main.lock</c>, <c>index.lock</c>…) are leftovers of a process killed mid-update: left in
/// place, every later ref update fails with "failed to lock file" and the indexer could never commit again.
/// When another process has the copy open too (a scheduler and a stage host on one data folder), a lock file is taken
/// for a leftover only once it is older than <see cref="StaleAfter"/>: git holds its locks for milliseconds. A message
/// that failed on a young one is retried (the queue's redelivery), and the retry's open removes it.
/// </summary>
public sealed class WorkingCopyOwnership : IDisposable
{
    public const string OwnerFileName = "netkan-bus.owner";

    /// <summary>Age after which a git lock file is a leftover even while another process has the copy open.</summary>
    /// <remarks>Two seconds is a thousand times what git holds one for, and shorter than a killed host takes to restart: with
    /// 10 s, a host restarted 5 s after a kill found the lock young, and its results' few redeliveries (visibility
    /// timeout 5 s in the kill test) all failed on it before it grew old enough.</remarks>
    public static readonly TimeSpan StaleAfter = TimeSpan.FromSeconds(2);

    private readonly FileStream? _owner;

    private WorkingCopyOwnership(FileStream? owner) => _owner = owner;

    /// <summary>Takes ownership of the repository whose .git folder is <paramref name="gitDir"/> if nobody holds it,
    /// and removes the lock files a killed process left (all of them as owner; those older than
    /// <see cref="StaleAfter"/> otherwise).</summary>
    public static WorkingCopyOwnership Take(string name, string gitDir, ILogger logger)
    {
        FileStream? owner;
        try
        {
            // FileShare.None is an exclusive advisory lock (flock) on Unix: a second holder, in any process, is refused.
            owner = new FileStream(Path.Combine(gitDir, OwnerFileName), FileMode.OpenOrCreate, FileAccess.ReadWrite, FileShare.None);
        }
        catch (IOException)
        {
            owner = null;
        }
        var now = DateTime.UtcNow;
        foreach (var lockFile in LockFiles(gitDir))
        {
            var age = now - File.GetLastWriteTimeUtc(lockFile);
            if (owner is null && age < StaleAfter)
            {
                logger.LogWarning("{Repository}: {LockFile} is {Age:0.0} s old and another process has this working copy open; left alone",
                    name, Path.GetRelativePath(gitDir, lockFile), age.TotalSeconds);
                continue;
            }
            RemoveLeftover(name, Path.GetRelativePath(gitDir, lockFile), lockFile, age, logger);
        }
        return new WorkingCopyOwnership(owner);
    }

    /// <summary>
    /// Removes a git lock file where no owner lock can tell a leftover from a lock in use — inside a remote on this
    /// machine, which any process may be pushing to: one still there once <see cref="StaleAfter"/> old is a leftover
    /// (git holds its locks for milliseconds), and a younger one is waited for until it is that old.
    /// </summary>
    public static void RemoveOnceStale(string name, string lockFile, ILogger logger)
    {
        if (!File.Exists(lockFile))
        {
            return;
        }
        var age = DateTime.UtcNow - File.GetLastWriteTimeUtc(lockFile);
        if (age < StaleAfter)
        {
            Thread.Sleep(StaleAfter - age);
        }
        if (File.Exists(lockFile))
        {
            RemoveLeftover(name, lockFile, lockFile, DateTime.UtcNow - File.GetLastWriteTimeUtc(lockFile), logger);
        }
    }

    private static void RemoveLeftover(string name, string shown, string lockFile, TimeSpan age, ILogger logger)
    {
        logger.LogWarning("{Repository}: removing {LockFile} ({Age:0.0} s old), left by a process that stopped in the middle of a git update",
            name, shown, age.TotalSeconds);
        File.Delete(lockFile);
    }

    /// <summary>git's lock files: beside the index, HEAD, config and packed-refs, and beside every ref.</summary>
    private static IEnumerable<string> LockFiles(string gitDir)
    {
        var top = Directory.EnumerateFiles(gitDir, "*.lock", SearchOption.TopDirectoryOnly);
        var refs = Path.Combine(gitDir, "refs");
        var underRefs = Directory.Exists(refs)
            ? Directory.EnumerateFiles(refs, "*.lock", SearchOption.AllDirectories)
            : [];
        return top.Concat(underRefs).ToList();
    }

    public void Dispose() => _owner?.Dispose();
}
