using NetKAN.Bus.Contracts.Configuration;
namespace NetKAN.Bus.Contracts.Configuration;

/// <summary>GitHub access, bound from the <c>GitHub</c> section by every project that talks to GitHub: the token for
/// git pushes over HTTPS and for the APIs, and the API base URL of the Octokit client. Read through
/// <c>GitHubClientFactory</c> (Contracts/GitHub), the one place that decides where each GitHub client goes and what it sends.</summary>
public sealed class GitHubOptions
{
    public const string Section = "GitHub";

    /// <summary><c>GitHub:Token</c>: a personal access or app token; pushes use it as the HTTPS password and API
    /// requests send it as <c>Authorization: token …</c> (to the GitHub API only).</summary>
    public string? Token { get; set; }

    /// <summary><c>GitHub:ApiUrl</c>. Octokit adds <c>api/v3/</c> to any host other than api.github.com
    /// (GitHub Enterprise layout), so a fake must serve under that prefix.</summary>
    public string ApiUrl { get; set; } = "https://api.github.com";
}
