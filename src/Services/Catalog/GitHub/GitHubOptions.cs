namespace NetKAN.Bus.Services.GitHub;

/// <summary>GitHub access (section <c>GitHub</c>): the token for git pushes over HTTPS and for the API, and the API
/// base URL (tests and the demo point it at a local fake).</summary>
public sealed class GitHubOptions
{
    public const string Section = "GitHub";

    /// <summary><c>GitHub:Token</c>: a personal access or app token; pushes use it as the HTTPS password.</summary>
    public string? Token { get; set; }

    /// <summary><c>GitHub:ApiUrl</c>. Octokit adds <c>api/v3/</c> to any host other than api.github.com
    /// (GitHub Enterprise layout), so a fake must serve under that prefix.</summary>
    public string ApiUrl { get; set; } = "https://api.github.com";
}
