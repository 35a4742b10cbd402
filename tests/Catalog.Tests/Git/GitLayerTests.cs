using System.Text;
using LibGit2Sharp;
using Microsoft.Extensions.Logging.Abstractions;
using Microsoft.Extensions.Time.Testing;
using NetKAN.Bus.Contracts.Games;
using NetKAN.Bus.Services.Git;
using NetKAN.Bus.TestSupport;

namespace NetKAN.Bus.Services.Tests.Git;

/// <summary>The git layer on real repositories: tree-built commits must be exactly what git would write.</summary>
public sealed class GitLayerTests : IDisposable
{
    private static readonly Signature Bot = new("NetKAN inflator Robot", "netkan-bot@ksp-ckan.space",
        new DateTimeOffset(2026, 8, 1, 12, 0, 0, TimeSpan.FromHours(-5)));

    private readonly TempDir _dir = new("netkan-git");

    public void Dispose() => _dir.Dispose();

    [Fact]
    public void Trees_built_in_memory_have_the_ids_git_gives_them_whatever_the_names()
    {
        // Names chosen to exercise git's order: a folder sorts as "name/", so "foo.txt" < "foo" (folder) < "foo0".
        var files = new[] { "foo/a.ckan", "foo.txt", "foo0", "foo-bar/b.ckan", "Zeta/z.ckan", "a", "ä-mod/x.ckan", ".github/workflows/x.yml" };
        using var repo = new Repository(Repository.Init(_dir.Combine("trees"), isBare: true));
        var definition = new TreeDefinition();
        var objects = LooseObjects.For(repo);
        var mutable = MutableTree.Empty(repo, objects);
        foreach (var (file, i) in files.Select((f, i) => (f, i)))
        {
            var blob = repo.ObjectDatabase.CreateBlob(new MemoryStream(Encoding.UTF8.GetBytes($"content {i}\n")));
            definition.Add(file, blob, Mode.NonExecutableFile);
            mutable.SetBlob(file, blob.Id);
        }
        var expected = repo.ObjectDatabase.CreateTree(definition).Id;
        Assert.Equal(expected, mutable.Write());

        // Edit a loaded tree: replace one file, add one into an existing folder and one into a new folder.
        var loaded = MutableTree.Load(repo, objects, expected);
        var changed = repo.ObjectDatabase.CreateBlob(new MemoryStream("changed\n"u8.ToArray()));
        foreach (var file in new[] { "foo/a.ckan", "foo/b.ckan", "new/deep/c.ckan" })
        {
            definition.Add(file, changed, Mode.NonExecutableFile);
            loaded.SetBlob(file, changed.Id);
        }
        Assert.Equal(repo.ObjectDatabase.CreateTree(definition).Id, loaded.Write());
        Assert.Equal(changed.Id, loaded.FindBlob("new/deep/c.ckan"));
        Assert.Null(loaded.FindBlob("foo/missing.ckan"));
        Assert.Null(loaded.FindBlob("foo")); // a folder is no file
    }

    [Fact]
    public void Blob_ids_and_raw_commits_match_what_libgit2_reads()
    {
        using var repo = new Repository(Repository.Init(_dir.Combine("objects"), isBare: true));
        var content = "{\r\n  \"name\": \"Ünïcödé\"\r\n}"u8.ToArray();
        var blob = repo.ObjectDatabase.CreateBlob(new MemoryStream(content));
        Assert.Equal(blob.Id, GitObjectFormat.BlobId(content));

        var tree = repo.ObjectDatabase.CreateTree(new TreeDefinition().Add("x.ckan", blob, Mode.NonExecutableFile));
        var parent = repo.ObjectDatabase.CreateCommit(Bot, Bot, "first", tree, [], false);
        var id = repo.ObjectDatabase.Write<Commit>(GitObjectFormat.Commit(tree.Id, [parent.Id], Bot, Bot, "NetKAN added mod - X-1.0"));
        var commit = repo.Lookup<Commit>(id);
        Assert.Equal("NetKAN added mod - X-1.0\n", commit.Message);
        Assert.Equal(Bot.Name, commit.Author.Name);
        Assert.Equal(Bot.Email, commit.Committer.Email);
        Assert.Equal(Bot.When, commit.Author.When);
        Assert.Equal(parent.Id, commit.Parents.Single().Id);
        Assert.Equal(tree.Id, commit.Tree.Id);
    }

    [Fact]
    public void The_primary_branch_comes_from_the_remote_head_and_a_pull_fast_forwards_the_working_tree()
    {
        var remote = GitRepos.CreateBare(_dir.Combine("remote.git"), new Dictionary<string, string>
        {
            ["NetKAN/A.netkan"] = "identifier: A\n",
            ["NetKAN/Gone.netkan"] = "identifier: Gone\n",
        });
        using (var bare = new Repository(remote))
        {
            // The original CKAN-meta still uses master: the primary branch is whatever origin/HEAD names.
            bare.Refs.Rename("refs/heads/main", "refs/heads/master");
            bare.Refs.UpdateTarget("HEAD", "refs/heads/master");
        }
        var path = _dir.Combine("work");
        using var copy = GitWorkingCopy.Open("ksp NetKAN", path, remote, GitCredentials.From(null), NullLogger.Instance);
        Assert.Equal("master", copy.PrimaryBranch);
        Assert.Equal("refs/heads/master", copy.PrimaryRef);
        Assert.True(copy.Cloned);

        var other = GitRepos.Clone(remote, _dir.Combine("other"));
        using (var repo = new Repository(other))
        {
            Commands.Remove(repo, "NetKAN/Gone.netkan");
            repo.Commit("Remove Gone", GitRepos.Someone, GitRepos.Someone);
        }
        GitRepos.CommitAndPush(other, new Dictionary<string, string> { ["NetKAN/B.netkan"] = "identifier: B\n" }, "Add B");

        var result = copy.PullPrimary(Bot);

        Assert.Equal(PullKind.FastForward, result.Kind);
        Assert.Equal(GitRepos.Tip(remote, "master"), copy.Head!.Sha);
        Assert.Equal("identifier: B\n", File.ReadAllText(Path.Combine(path, "NetKAN", "B.netkan")));
        Assert.False(File.Exists(Path.Combine(path, "NetKAN", "Gone.netkan")));
        Assert.False(copy.Repository.RetrieveStatus().IsDirty);
        Assert.Equal(PullKind.UpToDate, copy.PullPrimary(Bot).Kind);
    }

    [Fact]
    public async Task A_working_copy_without_a_remote_is_used_as_it_is_and_commits_stay_local()
    {
        var remote = GitRepos.CreateBare(_dir.Combine("seed.git"), new Dictionary<string, string> { ["Mod/Mod-1.0.ckan"] = "{}\n" });
        var path = GitRepos.Clone(remote, _dir.Combine("local"));
        var remoteTip = GitRepos.Tip(remote, "main");
        using var copy = GitWorkingCopy.Open("ksp CKAN-meta", path, remote: null, GitCredentials.From(null), NullLogger.Instance);
        using var repository = new CkanMetaRepository(GameId.Ksp, copy, () => Bot, TimeSpan.Zero, TimeProvider.System, NullLogger.Instance);

        var (commit, sequence) = repository.CommitFile("Mod/Mod-1.1.ckan", "{\"version\": \"1.1\"}\n"u8.ToArray(), "NetKAN added mod - Mod-1.1");
        await repository.WaitUntilPushedAsync(sequence, default); // nothing to push to: returns at once

        Assert.Equal(commit, copy.Head);
        Assert.Equal(remoteTip, GitRepos.Tip(remote, "main")); // nothing pushed
        Assert.Equal("NetKAN added mod - Mod-1.1", copy.Commit(commit).MessageShort);
        Assert.Equal(PullKind.UpToDate, repository.Pull().Kind);
    }

    [Fact]
    public void Reopening_a_working_copy_drops_what_a_crash_left_uncommitted()
    {
        var remote = GitRepos.CreateBare(_dir.Combine("crash.git"), new Dictionary<string, string> { ["Mod/Mod-1.0.ckan"] = "{}\n" });
        var path = _dir.Combine("crash");
        using (var copy = GitWorkingCopy.Open("ksp CKAN-meta", path, remote, GitCredentials.From(null), NullLogger.Instance))
        {
        }
        File.WriteAllText(Path.Combine(path, "Mod", "Mod-1.0.ckan"), "half written");
        File.WriteAllText(Path.Combine(path, "Mod", "Mod-2.0.ckan"), "{}");
        using (var repo = new Repository(path))
        {
            Commands.Stage(repo, "Mod/Mod-2.0.ckan");
        }

        using var reopened = GitWorkingCopy.Open("ksp CKAN-meta", path, remote, GitCredentials.From(null), NullLogger.Instance);
        using var repository = new CkanMetaRepository(GameId.Ksp, reopened, () => Bot, TimeSpan.Zero, TimeProvider.System, NullLogger.Instance);

        Assert.Equal("{}\n", File.ReadAllText(Path.Combine(path, "Mod", "Mod-1.0.ckan")));
        Assert.False(reopened.Repository.RetrieveStatus().IsDirty);
    }

    [Fact]
    public void After_a_clean_shutdown_reopening_skips_the_reset_and_a_crash_after_that_still_resets()
    {
        var remote = GitRepos.CreateBare(_dir.Combine("clean.git"), new Dictionary<string, string> { ["Mod/Mod-1.0.ckan"] = "{}\n" });
        var path = _dir.Combine("clean");
        var tracked = Path.Combine(path, "Mod", "Mod-1.0.ckan");
        using (var copy = GitWorkingCopy.Open("ksp CKAN-meta", path, remote, GitCredentials.From(null), NullLogger.Instance))
        using (var repository = new CkanMetaRepository(GameId.Ksp, copy, () => Bot, TimeSpan.Zero, TimeProvider.System, NullLogger.Instance))
        {
            repository.CommitFile("Mod/Mod-1.1.ckan", "{\"version\": \"1.1\"}\n"u8.ToArray(), "add 1.1");
        }
        var marker = Path.Combine(path, ".git", CkanMetaRepository.CleanShutdownFileName);
        Assert.True(File.Exists(marker));

        // The reset is skipped after a clean shutdown: a later hand edit survives the reopen (a reset would undo it).
        File.WriteAllText(tracked, "hand edit");
        var reopened = GitWorkingCopy.Open("ksp CKAN-meta", path, remote, GitCredentials.From(null), NullLogger.Instance);
        _ = new CkanMetaRepository(GameId.Ksp, reopened, () => Bot, TimeSpan.Zero, TimeProvider.System, NullLogger.Instance);
        Assert.Equal("hand edit", File.ReadAllText(tracked));
        Assert.False(File.Exists(marker)); // opened: a crash from here on must reset next time
        reopened.Dispose(); // a crash: the CkanMetaRepository is never disposed, so no marker is written

        using var afterCrash = GitWorkingCopy.Open("ksp CKAN-meta", path, remote, GitCredentials.From(null), NullLogger.Instance);
        using var recovered = new CkanMetaRepository(GameId.Ksp, afterCrash, () => Bot, TimeSpan.Zero, TimeProvider.System, NullLogger.Instance);
        Assert.Equal("{}\n", File.ReadAllText(tracked));
        Assert.True(File.Exists(Path.Combine(path, "Mod", "Mod-1.1.ckan")));
        Assert.False(afterCrash.Repository.RetrieveStatus().IsDirty);
    }

    [Fact]
    public async Task Commits_made_while_a_push_runs_travel_together_in_the_next_push()
    {
        var committed = 0L;
        var pushedSequences = new List<long>();
        var firstPushStarted = new TaskCompletionSource();
        var releaseFirstPush = new TaskCompletionSource();
        var coordinator = new PushCoordinator(async _ =>
        {
            var upTo = Interlocked.Read(ref committed);
            if (pushedSequences.Count == 0)
            {
                firstPushStarted.SetResult();
                await releaseFirstPush.Task;
            }
            pushedSequences.Add(upTo);
            return upTo;
        }, TimeSpan.Zero, TimeProvider.System);

        var first = coordinator.WaitUntilPushedAsync(Interlocked.Increment(ref committed), default);
        await firstPushStarted.Task;
        var others = Enumerable.Range(0, 9).Select(_ => coordinator.WaitUntilPushedAsync(Interlocked.Increment(ref committed), default)).ToList();
        releaseFirstPush.SetResult();
        await first;
        await Task.WhenAll(others);

        Assert.Equal([1L, 10L], pushedSequences); // one push for the first commit, one for the nine made meanwhile
        Assert.Equal(10, coordinator.Pushed);
    }

    [Fact]
    public async Task A_failed_push_fails_only_the_caller_that_ran_it_and_the_next_caller_pushes_again()
    {
        var attempts = 0;
        var coordinator = new PushCoordinator(_ => ++attempts == 1
            ? Task.FromException<long>(new LibGit2SharpException("remote unreachable"))
            : Task.FromResult(2L), TimeSpan.Zero, TimeProvider.System);

        await Assert.ThrowsAsync<LibGit2SharpException>(() => coordinator.WaitUntilPushedAsync(1, default));
        Assert.Equal(0, coordinator.Pushed);
        await coordinator.WaitUntilPushedAsync(2, default);
        Assert.Equal(2, coordinator.Pushed);
    }

    [Fact]
    public async Task Loose_objects_written_by_commits_are_packed_after_a_push_and_everything_still_reads()
    {
        var remote = GitRepos.CreateBare(_dir.Combine("pack.git"), new Dictionary<string, string> { ["Mod/Mod-1.0.ckan"] = "{}\n" });
        var path = _dir.Combine("pack");
        using var copy = GitWorkingCopy.Open("ksp CKAN-meta", path, remote, GitCredentials.From(null), NullLogger.Instance);
        using var repository = new CkanMetaRepository(GameId.Ksp, copy, () => Bot, TimeSpan.Zero, TimeProvider.System,
            NullLogger.Instance, packAfterObjects: 9, packWhenIdleFor: TimeSpan.Zero);
        long sequence = 0;
        var commits = new List<ObjectId>();
        for (var i = 0; i < 3; i++) // 3 commits x (blob, folder tree, root tree, commit) = 12 objects
        {
            (var commit, sequence) = repository.CommitFile($"Mod/Mod-2.{i}.ckan", Encoding.UTF8.GetBytes($"{{\"version\": \"2.{i}\"}}\n"), $"NetKAN added mod - Mod-2.{i}");
            commits.Add(commit);
        }

        await repository.WaitUntilPushedAsync(sequence, default);
        await repository.Packing;

        var objects = Path.Combine(path, ".git", "objects");
        Assert.DoesNotContain(commits, x => File.Exists(Path.Combine(objects, x.Sha[..2], x.Sha[2..]))); // packed, not loose
        Assert.Equal(0, copy.Objects.WrittenCount);
        Assert.NotEmpty(Directory.EnumerateFiles(Path.Combine(objects, "pack"), "*.pack"));
        using (var fresh = new Repository(path))
        {
            Assert.Equal("{\"version\": \"2.1\"}\n", ((Blob)fresh.Head.Tip["Mod/Mod-2.1.ckan"].Target).GetContentText());
            Assert.Equal(4, fresh.Commits.Count());
        }
        var (next, nextSequence) = repository.CommitFile("Mod/Mod-3.0.ckan", "{}\n"u8.ToArray(), "NetKAN added mod - Mod-3.0");
        await repository.WaitUntilPushedAsync(nextSequence, default);
        Assert.Equal(next.Sha, GitRepos.Tip(remote, "main"));
    }

    [Fact]
    public async Task Loose_objects_wait_for_a_lull_in_commits_before_they_are_packed()
    {
        var time = new FakeTimeProvider(DateTimeOffset.UtcNow);
        var (copy, repository) = OpenForPacking("lull", time, packAfterObjects: 4);
        using (copy)
        using (repository)
        {
            var commits = await CommitAndPushAsync(repository, 2); // 8 objects: due, but commits just came

            Assert.False(repository.Packing.IsCompleted);
            Assert.All(commits, x => Assert.True(IsLoose(copy, x)));

            time.Advance(CkanMetaRepository.DefaultPackWhenIdleFor); // no commit since
            await repository.Packing.WaitAsync(TimeSpan.FromMinutes(2));
            Assert.All(commits, x => Assert.False(IsLoose(copy, x)));
            Assert.Equal("{\"version\": \"1.1\"}\n", ((Blob)copy.Repository.Lookup<Commit>(commits[^1])["Mod/Mod-1.1.ckan"].Target).GetContentText());
        }
    }

    [Fact]
    public async Task Loose_objects_are_packed_at_once_when_a_burst_has_left_five_times_the_threshold()
    {
        var time = new FakeTimeProvider(DateTimeOffset.UtcNow);
        var (copy, repository) = OpenForPacking("burst", time, packAfterObjects: 2);
        using (copy)
        using (repository)
        {
            var commits = await CommitAndPushAsync(repository, 3); // 12 objects ≥ 5 × 2: no lull needed

            await repository.Packing.WaitAsync(TimeSpan.FromMinutes(2)); // the clock never moves
            Assert.All(commits, x => Assert.False(IsLoose(copy, x)));
        }
    }

    [Fact]
    public async Task Loose_objects_an_earlier_run_left_are_packed_with_the_next_batch()
    {
        var remote = GitRepos.CreateBare(_dir.Combine("earlier.git"), new Dictionary<string, string> { ["Mod/Mod-1.0.ckan"] = "{}\n" });
        var path = _dir.Combine("earlier");
        List<ObjectId> earlier;
        using (var copy = GitWorkingCopy.Open("ksp CKAN-meta", path, remote, GitCredentials.From(null), NullLogger.Instance))
        using (var repository = new CkanMetaRepository(GameId.Ksp, copy, () => Bot, TimeSpan.Zero, TimeProvider.System,
            NullLogger.Instance, packAfterObjects: 100))
        {
            earlier = await CommitAndPushAsync(repository, 2); // 8 objects, under the threshold: still loose at the stop
        }
        Assert.All(earlier, x => Assert.True(File.Exists(LoosePath(path, x))));

        using (var copy = GitWorkingCopy.Open("ksp CKAN-meta", path, remote, GitCredentials.From(null), NullLogger.Instance))
        using (var repository = new CkanMetaRepository(GameId.Ksp, copy, () => Bot, TimeSpan.Zero, TimeProvider.System,
            NullLogger.Instance, packAfterObjects: 10, packWhenIdleFor: TimeSpan.Zero))
        {
            Assert.InRange(copy.Objects.WrittenCount, 8, 100); // the earlier run's 8 (and what the local clone wrote loose)
            await CommitAndPushAsync(repository, 1, minor: 5); // 4 more: due
            await repository.Packing.WaitAsync(TimeSpan.FromMinutes(2));

            Assert.All(earlier, x => Assert.False(File.Exists(LoosePath(path, x))));
            Assert.Equal(0, copy.Objects.WrittenCount);
            Assert.Equal("{\"version\": \"1.1\"}\n", ((Blob)copy.Repository.Lookup<Commit>(earlier[^1])["Mod/Mod-1.1.ckan"].Target).GetContentText());
        }
    }

    [Theory]
    [InlineData(60)] // long stale
    [InlineData(0)] // just left: waited for until it is stale
    public async Task A_lock_a_killed_push_left_in_a_remote_on_this_machine_does_not_block_later_pushes(int secondsOld)
    {
        var remote = GitRepos.CreateBare(_dir.Combine($"locked-{secondsOld}.git"), new Dictionary<string, string> { ["Mod/Mod-1.0.ckan"] = "{}\n" });
        using var copy = GitWorkingCopy.Open("ksp CKAN-meta", _dir.Combine($"locked-{secondsOld}"), remote, GitCredentials.From(null), NullLogger.Instance);
        using var repository = new CkanMetaRepository(GameId.Ksp, copy, () => Bot, TimeSpan.Zero, TimeProvider.System, NullLogger.Instance);
        var lockFile = Path.Combine(remote, "refs", "heads", "main.lock");
        await File.WriteAllTextAsync(lockFile, "");
        File.SetLastWriteTimeUtc(lockFile, DateTime.UtcNow.AddSeconds(-secondsOld));

        var commits = await CommitAndPushAsync(repository, 1);

        Assert.Equal(commits[0].Sha, GitRepos.Tip(remote, "main"));
        Assert.False(File.Exists(lockFile));
    }

    private static string LoosePath(string workingCopy, ObjectId id) => Path.Combine(workingCopy, ".git", "objects", id.Sha[..2], id.Sha[2..]);

    private (GitWorkingCopy Copy, CkanMetaRepository Repository) OpenForPacking(string name, TimeProvider time, int packAfterObjects)
    {
        var remote = GitRepos.CreateBare(_dir.Combine(name + ".git"), new Dictionary<string, string> { ["Mod/Mod-1.0.ckan"] = "{}\n" });
        var copy = GitWorkingCopy.Open("ksp CKAN-meta", _dir.Combine(name), remote, GitCredentials.From(null), NullLogger.Instance);
        return (copy, new CkanMetaRepository(GameId.Ksp, copy, () => Bot, TimeSpan.Zero, time, NullLogger.Instance,
            packAfterObjects, CkanMetaRepository.DefaultPackWhenIdleFor));
    }

    private static async Task<List<ObjectId>> CommitAndPushAsync(CkanMetaRepository repository, int count, int minor = 0)
    {
        var commits = new List<ObjectId>();
        long sequence = 0;
        for (var i = minor; i < minor + count; i++)
        {
            (var commit, sequence) = repository.CommitFile($"Mod/Mod-1.{i}.ckan", Encoding.UTF8.GetBytes($"{{\"version\": \"1.{i}\"}}\n"), $"NetKAN added mod - Mod-1.{i}");
            commits.Add(commit);
        }
        await repository.WaitUntilPushedAsync(sequence, default);
        return commits;
    }

    private static bool IsLoose(GitWorkingCopy copy, ObjectId id) => File.Exists(LoosePath(copy.WorkingDirectory, id));
}
