using LibGit2Sharp;
using Microsoft.Extensions.Logging.Abstractions;
using NetKAN.Bus.Metadata.CkanMeta;
using NetKAN.Bus.Services.ModCatalog;
using NetKAN.Bus.TestSupport;

namespace NetKAN.Bus.Services.Tests.ModCatalog;

/// <summary>The CKAN-meta index built from git trees with a per-folder cache agrees with the file scan of the same
/// corpus, survives a new process (a new repository handle reads the cache file), and re-reads only changed folders.</summary>
public sealed class CkanMetaTreeIndexTests : IDisposable
{
    private readonly TempDir _dir = new("tree-index");

    [Fact]
    public void Built_from_the_corpus_tree_it_equals_the_file_scan_and_a_new_handle_reuses_every_folder()
    {
        var bare = _dir.Combine("CKAN-meta.git");
        Repository.Clone(CorpusGit.CkanMetaBare, bare, new CloneOptions { IsBare = true });
        var scanned = CkanMetaIndex.Scan(Corpus.CkanMetaDir);

        using (var repository = new Repository(bare))
        {
            var first = CkanMetaTreeIndex.Build(repository, repository.Head.Tip, bare, NullLogger.Instance, CancellationToken.None);
            Assert.True(first.FoldersRead > 3_500, $"only {first.FoldersRead} folders read on a cold cache");
            AssertSame(scanned, first.Index);
        }
        Assert.True(File.Exists(Path.Combine(bare, CkanMetaTreeIndex.CacheFileName)));

        // A new handle, as in a new process: nothing is read again, the result is the same.
        using (var repository = new Repository(bare))
        {
            var second = CkanMetaTreeIndex.Build(repository, repository.Head.Tip, bare, NullLogger.Instance, CancellationToken.None);
            Assert.Equal(0, second.FoldersRead);
            AssertSame(scanned, second.Index);
        }
    }

    [Fact]
    public void A_commit_that_adds_a_higher_version_rereads_only_that_folder()
    {
        var repository = new Repository(Repository.Init(_dir.Combine("small.git"), isBare: true));
        using var _ = repository;
        var first = Commit(repository, null, ("Alpha/Alpha-1.0.ckan", Ckan("Alpha", "1.0")), ("Beta/Beta-2.0.ckan", Ckan("Beta", "2.0")),
            ("Beta/Beta-2.1-pre.ckan", Ckan("Beta", "2.1", "testing")), ("README.md", "not a mod"), ("NotAMod/readme.txt", "no ckan"));
        var before = CkanMetaTreeIndex.Build(repository, first, "root", NullLogger.Instance, CancellationToken.None);
        Assert.Equal(["Alpha", "Beta"], before.Index.Identifiers);
        Assert.Equal("2.0", before.Index.Get("Beta")!.Stable!.ToString());
        Assert.Equal("2.1", before.Index.Get("Beta")!.Prerelease!.ToString());

        var second = Commit(repository, first, ("Alpha/Alpha-1.0.ckan", Ckan("Alpha", "1.0")), ("Alpha/Alpha-1.1.ckan", Ckan("Alpha", "1.1")),
            ("Beta/Beta-2.0.ckan", Ckan("Beta", "2.0")), ("Beta/Beta-2.1-pre.ckan", Ckan("Beta", "2.1", "testing")),
            ("README.md", "not a mod"), ("NotAMod/readme.txt", "no ckan"));
        var after = CkanMetaTreeIndex.Build(repository, second, "root", NullLogger.Instance, CancellationToken.None);
        Assert.Equal(1, after.FoldersRead);
        Assert.Equal(2, after.FoldersReused); // Beta, and NotAMod (remembered as not a mod)
        Assert.Equal("1.1", after.Index.Get("Alpha")!.Stable!.ToString());
        Assert.Null(after.Index.Get("NotAMod"));
    }

    [Fact]
    public void A_damaged_cache_file_costs_a_full_read_not_a_failure()
    {
        var repository = new Repository(Repository.Init(_dir.Combine("damaged.git"), isBare: true));
        using var _ = repository;
        var commit = Commit(repository, null, ("Alpha/Alpha-1.0.ckan", Ckan("Alpha", "1.0")));
        File.WriteAllText(Path.Combine(repository.Info.Path, CkanMetaTreeIndex.CacheFileName), "{ not json");
        var result = CkanMetaTreeIndex.Build(repository, commit, "root", NullLogger.Instance, CancellationToken.None);
        Assert.Equal(1, result.FoldersRead);
        Assert.Equal("1.0", result.Index.Get("Alpha")!.Stable!.ToString());
    }

    private static void AssertSame(CkanMetaIndex expected, CkanMetaIndex actual)
    {
        Assert.Equal(expected.Identifiers, actual.Identifiers);
        var different = expected.Identifiers
            .Where(id => expected.Get(id)!.Stable?.ToString() != actual.Get(id)!.Stable?.ToString()
                         || expected.Get(id)!.Prerelease?.ToString() != actual.Get(id)!.Prerelease?.ToString())
            .ToList();
        Assert.Empty(different);
    }

    private static string Ckan(string id, string version, string status = "stable") =>
        $$"""{"spec_version": 1, "identifier": "{{id}}", "version": "{{version}}", "release_status": "{{status}}"}""";

    private static Commit Commit(Repository repository, Commit? parent, params (string Path, string Text)[] files)
    {
        var tree = new TreeDefinition();
        foreach (var (path, text) in files)
        {
            var blob = repository.ObjectDatabase.CreateBlob(new MemoryStream(System.Text.Encoding.UTF8.GetBytes(text)));
            tree.Add(path, blob, Mode.NonExecutableFile);
        }
        var someone = new Signature("t", "t@example.com", DateTimeOffset.UnixEpoch);
        return repository.ObjectDatabase.CreateCommit(someone, someone, "files", repository.ObjectDatabase.CreateTree(tree),
            parent is null ? [] : [parent], prettifyMessage: true);
    }

    public void Dispose() => _dir.Dispose();
}
