using LibGit2Sharp;

namespace NetKAN.Bus.Services.Demo;

/// <summary>
/// The demo's data folder: a NetKAN repo holding the sample netkans and an empty CKAN-meta repo, each a working
/// clone whose <c>origin</c> is a bare repository under <c>remotes/</c> (so pushes are real pushes), plus the
/// SQLite status file, the download cache and the status JSON output. Re-running reuses what is there.
/// </summary>
public sealed class DemoWorkspace
{
    private static readonly Signature Author = new("NetKAN demo", "demo@netkan.invalid", new DateTimeOffset(2026, 1, 1, 0, 0, 0, TimeSpan.Zero));

    private DemoWorkspace(string root) => Root = Path.GetFullPath(root);

    public string Root { get; }

    /// <summary>The entries the workspace creates under its root (checked by <c>--data</c> validation).</summary>
    public static readonly string[] Folders = ["NetKAN", "CKAN-meta", "remotes", "cache", "status"];
    public string NetKanRepo => Path.Combine(Root, "NetKAN");
    public string NetKanRemote => Path.Combine(Root, "remotes", "NetKAN.git");
    public string CkanMetaRepo => Path.Combine(Root, "CKAN-meta");
    public string CkanMetaRemote => Path.Combine(Root, "remotes", "CKAN-meta.git");
    public string CacheDir => Path.Combine(Root, "cache");
    public string StatusDatabase => Path.Combine(Root, "status.db");
    public string StatusDir => Path.Combine(Root, "status");

    /// <summary>The fake upstream's port of the last run (download URLs in the metadata contain it), or 0.</summary>
    public int UpstreamPort
    {
        get => int.TryParse(File.Exists(UpstreamPortFile) ? File.ReadAllText(UpstreamPortFile) : null, out var port) ? port : 0;
        set => File.WriteAllText(UpstreamPortFile, value.ToString(System.Globalization.CultureInfo.InvariantCulture));
    }

    private string UpstreamPortFile => Path.Combine(Root, "upstream-port");

    public static DemoWorkspace Create(string root, IReadOnlyList<SampleMod> mods)
    {
        var workspace = new DemoWorkspace(root);
        Directory.CreateDirectory(workspace.Root);
        Directory.CreateDirectory(workspace.CacheDir);
        Directory.CreateDirectory(workspace.StatusDir);
        if (!Repository.IsValid(workspace.NetKanRepo))
        {
            var files = mods.ToDictionary(m => $"NetKAN/{m.Identifier}.netkan", m => m.NetkanFileText.TrimEnd() + "\n");
            files["README.md"] = "Sample NetKAN repository created by `netkan demo`.\n";
            CreateRepository(workspace.NetKanRemote, workspace.NetKanRepo, files, "Sample mods for the demo");
        }
        if (!Repository.IsValid(workspace.CkanMetaRepo))
        {
            CreateRepository(workspace.CkanMetaRemote, workspace.CkanMetaRepo,
                new Dictionary<string, string> { ["README.md"] = "CKAN-meta for the NetKAN.Bus demo.\n" },
                "Empty CKAN-meta");
        }
        return workspace;
    }

    /// <summary>Creates a bare remote with one commit on <c>main</c>, and a working clone of it.</summary>
    private static void CreateRepository(string bare, string clone, IReadOnlyDictionary<string, string> files, string message)
    {
        if (Directory.Exists(bare))
        {
            Directory.Delete(bare, recursive: true);
        }
        Repository.Init(bare, isBare: true);
        var seed = Path.Combine(Path.GetTempPath(), $"netkan-demo-seed-{Guid.NewGuid():N}");
        try
        {
            Repository.Init(seed);
            using (var repo = new Repository(seed))
            {
                foreach (var (path, text) in files)
                {
                    var full = Path.Combine(seed, path);
                    Directory.CreateDirectory(Path.GetDirectoryName(full)!);
                    File.WriteAllText(full, text);
                    Commands.Stage(repo, path);
                }
                var commit = repo.Commit(message, Author, Author);
                repo.Refs.Add("refs/heads/main", commit.Id);
                var remote = repo.Network.Remotes.Add("origin", bare);
                repo.Network.Push(remote, "refs/heads/main:refs/heads/main");
            }
            using (var remoteRepo = new Repository(bare))
            {
                remoteRepo.Refs.UpdateTarget("HEAD", "refs/heads/main");
            }
            if (Directory.Exists(clone))
            {
                Directory.Delete(clone, recursive: true);
            }
            Repository.Clone(bare, clone);
        }
        finally
        {
            DeleteTree(seed);
        }
    }

    private static void DeleteTree(string path)
    {
        if (!Directory.Exists(path))
        {
            return;
        }
        foreach (var file in Directory.EnumerateFiles(path, "*", SearchOption.AllDirectories))
        {
            File.SetAttributes(file, FileAttributes.Normal);
        }
        Directory.Delete(path, recursive: true);
    }
}
