using LibGit2Sharp;
using Microsoft.Extensions.Configuration;
using NetKAN.Bus.Contracts.Games;

namespace NetKAN.Bus.Services.Git;

/// <summary>
/// One repository of one game, bound from <c>Repos:&lt;game&gt;:NetKan</c> or <c>Repos:&lt;game&gt;:CkanMeta</c>.
/// </summary>
public sealed class RepositoryOptions
{
    /// <summary>The remote to clone, pull from and push to: an HTTPS URL (authenticated with <c>GitHub:Token</c>),
    /// a local path or a file:// URL. Without one, the working copy at <see cref="Path"/> is used as it is.</summary>
    public string? Remote { get; set; }

    /// <summary>The working copy; default <c>&lt;data dir&gt;/repos/&lt;game&gt;/NetKAN</c> (or <c>CKAN-meta</c>).</summary>
    public string? Path { get; set; }

    /// <summary><c>owner/name</c> on GitHub, for pull requests (e.g. <c>KSP-CKAN/CKAN-meta</c>).</summary>
    public string? GitHubRepo { get; set; }
}

/// <summary>Both repositories of one game (<c>Repos:&lt;game&gt;</c>).</summary>
public sealed class GameRepositoryOptions
{
    public RepositoryOptions NetKan { get; set; } = new();
    public RepositoryOptions CkanMeta { get; set; } = new();

    public RepositoryOptions For(RepositoryKind kind) => kind == RepositoryKind.NetKan ? NetKan : CkanMeta;
}

/// <summary>Every game's repositories: the <c>Repos</c> section, keyed by game id.</summary>
public sealed class RepositoriesOptions
{
    public const string Section = "Repos";

    public Dictionary<GameId, GameRepositoryOptions> Games { get; } = [];

    public static RepositoriesOptions Bind(IConfiguration configuration)
    {
        var options = new RepositoriesOptions();
        foreach (var child in configuration.GetSection(Section).GetChildren())
        {
            if (!GameId.TryParse(child.Key, out var game))
            {
                throw new InvalidOperationException($"Configuration {Section}:{child.Key}: '{child.Key}' is not a game id (ksp, ksp2).");
            }
            options.Games[game.Value] = child.Get<GameRepositoryOptions>() ?? new GameRepositoryOptions();
        }
        return options;
    }

    public RepositoryOptions For(GameId game, RepositoryKind kind) =>
        Games.TryGetValue(game, out var repos)
            ? repos.For(kind)
            : throw new InvalidOperationException(
                $"No repositories configured for game '{game}' ({Section}:{game}:NetKan / {Section}:{game}:CkanMeta).");
}

/// <summary>Section <c>Git</c>: who commits, and how pushes are batched.</summary>
public sealed class GitOptions
{
    public const string Section = "Git";

    /// <summary><c>Git:UserName</c>, the commit author and committer name.</summary>
    public string UserName { get; set; } = "NetKAN inflator Robot";

    /// <summary><c>Git:UserEmail</c>.</summary>
    public string UserEmail { get; set; } = "netkan-bot@ksp-ckan.space";

    /// <summary><c>Git:PushDelay</c>: how long a push waits for more commits to join it (default none: the push
    /// starts at once, and commits made meanwhile travel together in the next push).</summary>
    public TimeSpan PushDelay { get; set; } = TimeSpan.Zero;

    /// <summary><c>Git:PullInterval</c>: before committing, the indexer pulls CKAN-meta when its last pull is older than
    /// this (the original pulled before every batch), so commits start from the remote's state.</summary>
    public TimeSpan PullInterval { get; set; } = TimeSpan.FromMinutes(1);

    /// <summary><c>Git:PackAfterObjects</c>: after a push, pack the loose objects the indexer wrote once there are this
    /// many (four per commit: blob, folder tree, root tree, commit), in the background. libgit2 has no <c>git gc</c>; this keeps CKAN-meta's .git small.</summary>
    public int PackAfterObjects { get; set; } = CkanMetaRepository.DefaultPackAfterObjects;

    /// <summary><c>Git:PackWhenIdleFor</c>: the packing waits until no commit has come for this long (default 10 s), so
    /// a burst of commits runs without it; past five times <see cref="PackAfterObjects"/> it packs anyway.</summary>
    public TimeSpan PackWhenIdleFor { get; set; } = CkanMetaRepository.DefaultPackWhenIdleFor;

    public Signature Signature(DateTimeOffset when) => new(UserName, UserEmail, when);
}
