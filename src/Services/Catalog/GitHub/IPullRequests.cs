namespace NetKAN.Bus.Services.GitHub;

/// <summary>Opens pull requests for pushed branches (staged mods on CKAN-meta).</summary>
public interface IPullRequests
{
    /// <summary>Opens a pull request from <paramref name="branch"/> into the repository's default branch and labels it.
    /// When one is already open for the branch, comments <paramref name="body"/> on it instead.</summary>
    Task<PullRequestResult> OpenAsync(string repository, string branch, string title, string body,
        IReadOnlyList<string> labels, CancellationToken cancellationToken);

    /// <summary>The open pull request for a branch, if any.</summary>
    Task<PullRequestResult?> FindAsync(string repository, string branch, CancellationToken cancellationToken);
}

/// <param name="Created">False when the pull request already existed and was commented on.</param>
public sealed record PullRequestResult(long Number, string Url, bool Created);
