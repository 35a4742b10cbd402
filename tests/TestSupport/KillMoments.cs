using System.Diagnostics;

namespace NetKAN.Bus.TestSupport;

/// <summary>
/// The kill tests of the mod lifecycle (in-process demo and SQS stage host): the log lines after which a host is
/// killed, and the soundness check of the git repositories it leaves.
/// </summary>
public static class KillMoments
{
    /// <summary>Logged by the indexer after each CKAN-meta commit.</summary>
    public const string Commit = "to CKAN-meta as";

    /// <summary>Logged by the mirrorer when an upload starts.</summary>
    public const string Upload = "Uploading ";

    /// <summary>After the 1st, 2nd and 3rd commit, and mid-mirror: (log line, how many times it appeared).</summary>
    public static IEnumerable<object[]> All() =>
    [
        [Commit, 1],
        [Commit, 2],
        [Commit, 3],
        [Upload, 1],
    ];

    /// <summary><c>git fsck --full</c>'s complaints about a repository (empty when it is sound).</summary>
    public static async Task<string> GitFsckAsync(string repository)
    {
        var start = new ProcessStartInfo("git") { RedirectStandardOutput = true, RedirectStandardError = true, UseShellExecute = false };
        foreach (var arg in new[] { "-C", repository, "fsck", "--full", "--no-progress", "--no-dangling" })
        {
            start.ArgumentList.Add(arg);
        }
        using var git = Process.Start(start)!;
        var output = git.StandardOutput.ReadToEndAsync();
        var error = git.StandardError.ReadToEndAsync();
        await git.WaitForExitAsync();
        return git.ExitCode == 0 ? "" : $"exit {git.ExitCode}: {await output}{await error}";
    }
}
