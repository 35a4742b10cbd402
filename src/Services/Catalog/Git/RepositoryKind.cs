namespace NetKAN.Bus.Services.Git;

/// <summary>Which of a game's two repositories: the netkan stubs or the inflated index.</summary>
public enum RepositoryKind
{
    NetKan,
    CkanMeta,
}
