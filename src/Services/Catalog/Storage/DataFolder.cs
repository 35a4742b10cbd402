namespace NetKAN.Bus.Services.Storage;

/// <summary>
/// The process's local data folder (repositories, download cache, SQLite state) as an absolute path. The host
/// registers it from its settings, so stages and the catalog find their files without seeing hosting.
/// </summary>
public sealed record DataFolder
{
    public DataFolder(string root) => Root = Path.GetFullPath(root);

    public string Root { get; }

    /// <summary>A path below the data folder, e.g. <c>Below("repos", "ksp")</c>.</summary>
    public string Below(params string[] parts) => Path.Combine([Root, .. parts]);
}
