using LibGit2Sharp;
using LibGit2Sharp.Handlers;

namespace NetKAN.Bus.Services.Git;

/// <summary>Credentials for HTTPS remotes: the GitHub token as the password (any user name works for tokens).
/// Local paths and file:// remotes need none.</summary>
public static class GitCredentials
{
    public static CredentialsHandler From(string? token) => (_, _, types) =>
        !string.IsNullOrWhiteSpace(token) && types.HasFlag(SupportedCredentialTypes.UsernamePassword)
            ? new UsernamePasswordCredentials { Username = "x-access-token", Password = token }
            : new DefaultCredentials();
}
