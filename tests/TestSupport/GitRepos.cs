using System.Text;
using LibGit2Sharp;

namespace NetKAN.Bus.TestSupport;

/// <summary>
/// Real git repositories for tests and benchmarks: bare "remotes" with a <c>main</c> branch built from files or a
/// folder, clones, commits pushed by "someone else", and reads of what a remote holds.
/// </summary>
public static class GitRepos
{
    public static readonly Signature Someone = new("Someone Else", "someone@example.com", DateTimeOffset.UnixEpoch);

    /// <summary>A bare repository whose <c>main</c> holds these files (path → text) in one commit.</summary>
    public static string CreateBare(string path, IReadOnlyDictionary<string, string> files, string message = "Test Data")
    {
        InitBare(path);
        using var repo = new Repository(path);
        var tree = new TreeDefinition();
        foreach (var (file, text) in files)
        {
            tree.Add(file, repo.ObjectDatabase.CreateBlob(new MemoryStream(Encoding.UTF8.GetBytes(text))), Mode.NonExecutableFile);
        }
        CommitToMain(repo, tree, message);
        return path;
    }

    /// <summary>A bare repository whose <c>main</c> holds every file below <paramref name="folder"/>, packed (so clones are quick).</summary>
    public static string CreateBareFromFolder(string path, string folder, string message = "Corpus snapshot")
    {
        InitBare(path);
        using var repo = new Repository(path);
        var tree = new TreeDefinition();
        foreach (var file in Directory.EnumerateFiles(folder, "*", SearchOption.AllDirectories))
        {
            var relative = Path.GetRelativePath(folder, file).Replace('\\', '/');
            if (relative.StartsWith(".git/", StringComparison.Ordinal))
            {
                continue;
            }
            using var content = File.OpenRead(file);
            tree.Add(relative, repo.ObjectDatabase.CreateBlob(content), Mode.NonExecutableFile);
        }
        var commit = CommitToMain(repo, tree, message);
        var packs = Path.Combine(path, "objects", "pack");
        repo.ObjectDatabase.Pack(new PackBuilderOptions(packs), builder => builder.AddRecursively(commit));
        foreach (var loose in Directory.EnumerateDirectories(Path.Combine(path, "objects")).Where(d => Path.GetFileName(d).Length == 2))
        {
            Directory.Delete(loose, recursive: true);
        }
        return path;
    }

    public static string Clone(string remote, string path)
    {
        Repository.Clone(remote, path);
        return path;
    }

    /// <summary>Writes files into a clone, commits them on its current branch and pushes it: the remote moves on.</summary>
    public static string CommitAndPush(string clone, IReadOnlyDictionary<string, string> files, string message)
    {
        using var repo = new Repository(clone);
        Commands.Pull(repo, Someone, new PullOptions());
        foreach (var (file, text) in files)
        {
            var full = Path.Combine(clone, file);
            Directory.CreateDirectory(Path.GetDirectoryName(full)!);
            File.WriteAllText(full, text);
            Commands.Stage(repo, file);
        }
        var commit = repo.Commit(message, Someone, Someone);
        repo.Network.Push(repo.Head);
        return commit.Sha;
    }

    /// <summary>The bytes of a file at the tip of a branch, or null.</summary>
    public static byte[]? ReadFile(string repository, string branch, string path)
    {
        using var repo = new Repository(repository);
        var tip = repo.Branches[branch]?.Tip;
        if (tip?[path]?.Target is not Blob blob)
        {
            return null;
        }
        using var stream = blob.GetContentStream();
        using var copy = new MemoryStream();
        stream.CopyTo(copy);
        return copy.ToArray();
    }

    /// <summary>Commit messages of a branch, newest first (first parents only).</summary>
    public static IReadOnlyList<string> Log(string repository, string branch)
    {
        using var repo = new Repository(repository);
        var messages = new List<string>();
        for (var commit = repo.Branches[branch]?.Tip; commit is not null; commit = commit.Parents.FirstOrDefault())
        {
            messages.Add(commit.MessageShort);
        }
        return messages;
    }

    public static string? Tip(string repository, string branch)
    {
        using var repo = new Repository(repository);
        return repo.Branches[branch]?.Tip?.Sha;
    }

    private static void InitBare(string path)
    {
        Repository.Init(path, isBare: true);
        using var repo = new Repository(path);
        repo.Refs.UpdateTarget("HEAD", "refs/heads/main");
    }

    private static Commit CommitToMain(Repository repo, TreeDefinition definition, string message)
    {
        var tree = repo.ObjectDatabase.CreateTree(definition);
        var commit = repo.ObjectDatabase.CreateCommit(Someone, Someone, message, tree, [], prettifyMessage: true);
        repo.Refs.Add("refs/heads/main", commit.Id);
        return commit;
    }
}

/// <summary>Bare git repositories of the real corpora, built once per machine under .cache (about 15 s the first time).</summary>
public static class CorpusGit
{
    private static readonly Lazy<string> CkanMetaLazy = new(() => Build("CKAN-meta", Corpus.CkanMetaDir));
    private static readonly Lazy<string> NetKanLazy = new(() => Build("NetKAN", Corpus.NetKanRepo));

    /// <summary>A bare repository of CKAN-meta (30,561 .ckan files) on <c>main</c>.</summary>
    public static string CkanMetaBare => CkanMetaLazy.Value;

    /// <summary>A bare repository of NetKAN (NetKAN/*.netkan, *.frozen) on <c>main</c>.</summary>
    public static string NetKanBare => NetKanLazy.Value;

    private static string Build(string name, string folder)
    {
        var root = Path.Combine(SharedFolder.RepoRoot, ".cache", "corpus-git");
        var target = Path.Combine(root, $"{name}-{new FileInfo(Path.Combine(SharedFolder.Root, "corpus", name + ".tar.gz")).Length}.git");
        if (File.Exists(Path.Combine(target, "netkan-complete")))
        {
            return target;
        }
        Directory.CreateDirectory(root);
        var staging = Path.Combine(root, $".{name}-{Guid.NewGuid():N}");
        GitRepos.CreateBareFromFolder(staging, folder);
        File.WriteAllText(Path.Combine(staging, "netkan-complete"), folder);
        try
        {
            Directory.Move(staging, target);
        }
        catch (IOException) when (File.Exists(Path.Combine(target, "netkan-complete")))
        {
            Directory.Delete(staging, recursive: true); // another process built it first
        }
        return target;
    }
}
