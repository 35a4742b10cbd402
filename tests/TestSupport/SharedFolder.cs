namespace NetKAN.Bus.TestSupport;

/// <summary>
/// Locates the read-only ../shared folder (reference docs, CKAN.schema, corpus tarballs) next to the repository.
/// Tests fail with a clear message when it is missing instead of silently skipping.
/// </summary>
public static class SharedFolder
{
    private static readonly Lazy<string> RepoRootLazy = new(FindRepoRoot);
    private static readonly Lazy<string> SharedLazy = new(FindShared);

    /// <summary>The folder holding NetKAN.Bus.sln.</summary>
    public static string RepoRoot => RepoRootLazy.Value;

    /// <summary>The shared folder: $NETKAN_SHARED, or ../shared beside the repository.</summary>
    public static string Root => SharedLazy.Value;

    public static string SchemaPath => RequireFile(Path.Combine(Root, "spec", "CKAN.schema"));
    public static string NetKanTarball => RequireFile(Path.Combine(Root, "corpus", "NetKAN.tar.gz"));
    public static string CkanMetaTarball => RequireFile(Path.Combine(Root, "corpus", "CKAN-meta.tar.gz"));

    private static string FindRepoRoot()
    {
        for (var dir = new DirectoryInfo(AppContext.BaseDirectory); dir is not null; dir = dir.Parent)
        {
            if (File.Exists(Path.Combine(dir.FullName, "NetKAN.Bus.sln")))
            {
                return dir.FullName;
            }
        }
        throw new InvalidOperationException(
            $"Could not find NetKAN.Bus.sln above {AppContext.BaseDirectory}; run the tests from a checkout of the repository.");
    }

    private static string FindShared()
    {
        var fromEnv = Environment.GetEnvironmentVariable("NETKAN_SHARED");
        var candidate = string.IsNullOrEmpty(fromEnv)
            ? Path.GetFullPath(Path.Combine(RepoRoot, "..", "shared"))
            : Path.GetFullPath(fromEnv);
        if (!Directory.Exists(candidate))
        {
            throw new InvalidOperationException(
                $"The shared folder was not found at {candidate}. Tests need ../shared beside the repository " +
                "(reference/, spec/CKAN.schema, corpus/*.tar.gz), or NETKAN_SHARED pointing at it.");
        }
        return candidate;
    }

    private static string RequireFile(string path) =>
        File.Exists(path)
            ? path
            : throw new InvalidOperationException($"Expected shared file {path} is missing; is ../shared complete?");
}
