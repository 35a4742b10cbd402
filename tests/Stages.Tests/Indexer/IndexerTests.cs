using System.Text;
using LibGit2Sharp;
using Microsoft.Extensions.DependencyInjection;
using NetKAN.Bus.Contracts.Lifecycle;
using NetKAN.Bus.Contracts.Queues;
using NetKAN.Bus.Contracts.Wire;
using NetKAN.Bus.Contracts.Games;
using NetKAN.Bus.Services.Git;
using NetKAN.Bus.Services.Tests.Support;
using NetKAN.Bus.TestSupport;

namespace NetKAN.Bus.Services.Tests.Indexer;

/// <summary>
/// The indexer end to end: wire messages through <c>QueueDispatcher</c>, the consumer, a real CKAN-meta clone whose
/// remote is a bare repository on disk, the fake GitHub API for staged mods, and the saga on the in-memory store.
/// </summary>
public sealed class IndexerTests : IAsyncLifetime
{
    private const string GitHubRepo = "KSP-CKAN/CKAN-meta";
    private readonly TempDir _dir = new("netkan-indexer");
    private FakeGitHub _gitHub = null!;
    private ServicesHarness _host = null!;
    private string _remote = null!;
    private string _workingCopy = null!;

    public async Task InitializeAsync()
    {
        _remote = GitRepos.CreateBare(_dir.Combine("CKAN-meta.git"), new Dictionary<string, string>
        {
            ["README.md"] = "CKAN-meta test data\n",
            ["DogeCoinFlag/DogeCoinFlag-v1.01.ckan"] = CkanSamples.Ckan("DogeCoinFlag", "v1.01"),
            ["AwesomeMod/AwesomeMod-1.0.ckan"] = CkanSamples.Ckan("AwesomeMod", "1.0"),
        });
        _workingCopy = _dir.Combine("work", "CKAN-meta");
        _gitHub = await FakeGitHub.StartAsync();
        _host = await ServicesHarness.StartAsync(_dir.Combine("data"), new Dictionary<string, string?>
        {
            ["Repos:ksp:CkanMeta:Remote"] = _remote,
            ["Repos:ksp:CkanMeta:Path"] = _workingCopy,
            ["Repos:ksp:CkanMeta:GitHubRepo"] = GitHubRepo,
            ["GitHub:ApiUrl"] = _gitHub.Url,
            ["GitHub:Token"] = "test-token",
            ["Inflator:CacheDir"] = _dir.Combine("cache"),
        }, "indexer");
    }

    public async Task DisposeAsync()
    {
        await _host.DisposeAsync();
        await _gitHub.DisposeAsync();
        _dir.Dispose();
    }

    [Fact]
    public async Task A_new_ckan_is_committed_as_added_and_pushed_with_the_exact_bytes()
    {
        var message = CkanSamples.Success("DogeCoinFlag", "v1.02", warnings: ["Tags not found"]);
        // The inflator cached the download: {first 8 hex of SHA-1(url)}-…; its modification time is last_downloaded.
        var cached = _dir.Combine("cache", $"{UrlPrefix("https://example.com/DogeCoinFlag-v1.02.zip")}-DogeCoinFlag-v1.02.zip");
        Directory.CreateDirectory(Path.GetDirectoryName(cached)!);
        File.WriteAllText(cached, "zip");
        var downloaded = new DateTime(2026, 7, 30, 8, 0, 0, DateTimeKind.Utc);
        File.SetLastWriteTimeUtc(cached, downloaded);

        await _host.IndexAsync(message);

        var pushed = GitRepos.ReadFile(_remote, "main", "DogeCoinFlag/DogeCoinFlag-v1.02.ckan");
        Assert.Equal(Encoding.UTF8.GetBytes(message.Ckan), pushed);
        Assert.Equal("NetKAN added mod - DogeCoinFlag-v1.02", GitRepos.Log(_remote, "main")[0]);
        Assert.Equal(message.Ckan, File.ReadAllText(Path.Combine(_workingCopy, "DogeCoinFlag", "DogeCoinFlag-v1.02.ckan")));

        var state = await _host.StateAsync("DogeCoinFlag");
        Assert.Equal("Indexed", state.CurrentState);
        Assert.True(state.Success);
        Assert.Equal(nameof(IndexOutcome.Added), state.IndexOutcome);
        Assert.Equal(GitRepos.Tip(_remote, "main"), state.Commit);
        Assert.Equal(CkanSamples.CheckTime, state.LastInflated);
        Assert.NotNull(state.LastIndexed);
        Assert.Equal("v1.02", state.ModVersion);
        Assert.Equal("Tags not found", state.LastWarnings);
        Assert.Equal(new DateTimeOffset(2019, 6, 24, 19, 6, 14, TimeSpan.Zero), state.ReleaseDate);
        Assert.Equal("https://github.com/example/DogeCoinFlag", state.Resources["repository"]);
        Assert.Equal(new DateTimeOffset(downloaded), state.LastDownloaded);
        Assert.Null(state.LastError);
    }

    [Fact]
    public async Task An_in_memory_indexer_without_a_mirrorer_requests_no_mirror_so_its_queue_never_fills()
    {
        // Over in-memory queues nothing but this process could take a MirrorMod; requests would pile up until the
        // bounded queue refused the status updates that ask for one (seen in the message-path benchmark at 5,000).
        await _host.IndexAsync(CkanSamples.Success("DogeCoinFlag", "v1.03"));
        await _host.IndexAsync(CkanSamples.Success("AwesomeMod", "1.0"));

        Assert.Equal(0, await _host.InMemoryQueues.GetDepthAsync(_host.Queues.Mirroring, ServicesHarness.Timeout));
        var state = await _host.StateAsync("DogeCoinFlag");
        Assert.Equal("Indexed", state.CurrentState);
        Assert.Null(state.LastError);
    }

    [Fact]
    public async Task A_result_delivered_again_to_a_new_process_names_the_commit_that_added_its_file_not_head()
    {
        // As after an indexer killed between its push and its status update: the file is in CKAN-meta, the row
        // never learnt its commit, and later commits moved HEAD on.
        var message = CkanSamples.Success("DogeCoinFlag", "v1.02");
        await _host.IndexAsync(message);
        var added = GitRepos.Tip(_remote, "main");
        await _host.IndexAsync(CkanSamples.Success("AwesomeMod", "1.1"));
        Assert.NotEqual(added, GitRepos.Tip(_remote, "main"));
        await _host.DisposeAsync();

        _host = await ServicesHarness.StartAsync(_dir.Combine("data-after-kill"), new Dictionary<string, string?>
        {
            ["Repos:ksp:CkanMeta:Remote"] = _remote,
            ["Repos:ksp:CkanMeta:Path"] = _workingCopy,
            ["GitHub:ApiUrl"] = _gitHub.Url,
        }, "indexer");
        await _host.IndexAsync(message);

        var state = await _host.StateAsync("DogeCoinFlag");
        Assert.Equal(nameof(IndexOutcome.Unchanged), state.IndexOutcome);
        Assert.Equal(added, state.Commit);
        Assert.NotNull(state.LastIndexed);
    }

    [Fact]
    public async Task A_changed_ckan_is_committed_as_updated()
    {
        var body = CkanSamples.Ckan("DogeCoinFlag", "v1.01", extra: "\n    \"tags\": [ \"flags\" ],");

        await _host.IndexAsync(CkanSamples.Success("DogeCoinFlag", "v1.01", body));

        Assert.Equal("NetKAN updated mod - DogeCoinFlag-v1.01", GitRepos.Log(_remote, "main")[0]);
        Assert.Equal(Encoding.UTF8.GetBytes(body), GitRepos.ReadFile(_remote, "main", "DogeCoinFlag/DogeCoinFlag-v1.01.ckan"));
        Assert.Equal(nameof(IndexOutcome.Updated), (await _host.StateAsync("DogeCoinFlag")).IndexOutcome);
    }

    [Fact]
    public async Task An_identical_ckan_commits_nothing_and_is_recorded_unchanged()
    {
        var before = GitRepos.Tip(_remote, "main");

        await _host.IndexAsync(CkanSamples.Success("DogeCoinFlag", "v1.01"));

        Assert.Equal(before, GitRepos.Tip(_remote, "main"));
        Assert.Equal(before, Tip(_workingCopy));
        var state = await _host.StateAsync("DogeCoinFlag");
        Assert.Equal("Unchanged", state.CurrentState);
        Assert.Equal(nameof(IndexOutcome.Unchanged), state.IndexOutcome);
        // The file is in CKAN-meta but this row never recorded it indexed: the unchanged outcome reconciles that.
        Assert.NotNull(state.LastIndexed);
        Assert.Equal(before, state.Commit);
        Assert.Equal("DogeCoinFlag/DogeCoinFlag-v1.01.ckan", state.IndexedFile);
        Assert.True(state.Success);
    }

    [Fact]
    public async Task The_committed_file_holds_the_message_body_byte_for_byte()
    {
        // CRLF line ends, no final newline, non-ASCII text: nothing may be normalised on the way.
        var body = "{\r\n    \"identifier\": \"AwesomeMod\",\r\n    \"version\": \"2.0\",\r\n    \"name\": \"Ünïcödé – ✓ 🚀\"\r\n}";

        await _host.IndexAsync(CkanSamples.Success("AwesomeMod", "2.0", body));

        var expected = Encoding.UTF8.GetBytes(body);
        Assert.Equal(expected, GitRepos.ReadFile(_remote, "main", "AwesomeMod/AwesomeMod-2.0.ckan"));
        Assert.Equal(expected, File.ReadAllBytes(Path.Combine(_workingCopy, "AwesomeMod", "AwesomeMod-2.0.ckan")));
        await _host.DisposeAsync(); // the index reaches the disk on shutdown (a crash is repaired on the next start)
        using var repo = new Repository(_workingCopy);
        Assert.False(repo.RetrieveStatus().IsDirty); // working tree and index follow the tree-built commits
    }

    [Fact]
    public async Task A_staged_ckan_goes_to_a_branch_and_a_pull_request_with_the_original_texts()
    {
        var mainBefore = GitRepos.Tip(_remote, "main");
        var message = CkanSamples.Success("DogeCoinFlag", "v1.02", staged: true);

        await _host.IndexAsync(message);

        Assert.Equal(mainBefore, GitRepos.Tip(_remote, "main"));
        Assert.Equal(Encoding.UTF8.GetBytes(message.Ckan), GitRepos.ReadFile(_remote, "add/DogeCoinFlag-v1.02", "DogeCoinFlag/DogeCoinFlag-v1.02.ckan"));
        Assert.Equal("NetKAN added mod - DogeCoinFlag-v1.02", GitRepos.Log(_remote, "add/DogeCoinFlag-v1.02")[0]);
        Assert.False(File.Exists(Path.Combine(_workingCopy, "DogeCoinFlag", "DogeCoinFlag-v1.02.ckan")));

        var create = Assert.Single(_gitHub.Requests, x => x is { Method: "POST", Path: "/api/v3/repos/KSP-CKAN/CKAN-meta/pulls" });
        Assert.Equal("NetKAN inflated: DogeCoinFlag", create.Json!["title"]!.GetValue<string>());
        Assert.Equal("DogeCoinFlag has been staged, please test and merge", create.Json["body"]!.GetValue<string>());
        Assert.Equal("add/DogeCoinFlag-v1.02", create.Json["head"]!.GetValue<string>());
        Assert.Equal("main", create.Json["base"]!.GetValue<string>());
        var labels = Assert.Single(_gitHub.Requests, x => x.Method == "PUT" && x.Path.EndsWith("/labels", StringComparison.Ordinal));
        Assert.Equal(["Needs looking into"], labels.Json!.AsArray().Select(x => x!.GetValue<string>()));

        var state = await _host.StateAsync("DogeCoinFlag");
        Assert.Equal("Staged", state.CurrentState);
        Assert.Equal(nameof(IndexOutcome.Staged), state.IndexOutcome);
        Assert.StartsWith("https://github.com/KSP-CKAN/CKAN-meta/pull/", state.PullRequestUrl);
        Assert.Equal(GitRepos.Tip(_remote, "add/DogeCoinFlag-v1.02"), state.Commit);
    }

    [Fact]
    public async Task A_staging_reason_is_the_pull_request_body_and_an_open_pull_request_gets_it_as_a_comment()
    {
        _gitHub.AddOpenPull("KSP-CKAN", "CKAN-meta", "add/AwesomeMod-1.1");
        var message = CkanSamples.Success("AwesomeMod", "1.1", staged: true, stagingReason: "Dependencies changed\r\n\r\nPlease check");

        await _host.IndexAsync(message);

        var create = Assert.Single(_gitHub.Requests, x => x is { Method: "POST", Path: "/api/v3/repos/KSP-CKAN/CKAN-meta/pulls" });
        Assert.Equal("Dependencies changed\r\n\r\nPlease check", create.Json!["body"]!.GetValue<string>());
        var comment = Assert.Single(_gitHub.Requests, x => x.Method == "POST" && x.Path.EndsWith("/comments", StringComparison.Ordinal));
        Assert.Equal("Dependencies changed\r\n\r\nPlease check", comment.Json!["body"]!.GetValue<string>());
        Assert.Equal(nameof(IndexOutcome.Staged), (await _host.StateAsync("AwesomeMod")).IndexOutcome);
    }

    [Fact]
    public async Task A_staged_mod_builds_on_its_remote_branch_and_the_same_content_again_adds_no_commit_or_comment()
    {
        await _host.IndexAsync(CkanSamples.Success("DogeCoinFlag", "v1.02", staged: true));
        var first = GitRepos.Tip(_remote, "add/DogeCoinFlag-v1.02");
        var changed = CkanSamples.Ckan("DogeCoinFlag", "v1.02", extra: "\n    \"tags\": [ \"flags\" ],");

        await _host.IndexAsync(CkanSamples.Success("DogeCoinFlag", "v1.02", changed, staged: true));
        await _host.IndexAsync(CkanSamples.Success("DogeCoinFlag", "v1.02", changed, staged: true));

        using (var remote = new Repository(_remote))
        {
            var tip = remote.Branches["add/DogeCoinFlag-v1.02"].Tip;
            Assert.Equal(first, tip.Parents.Single().Sha); // on top of the branch, not of main
            Assert.Equal("NetKAN added mod - DogeCoinFlag-v1.02", tip.MessageShort);
        }
        var posts = _gitHub.Requests.Where(x => x.Method == "POST").Select(x => x.Path).ToList();
        Assert.Equal(["/api/v3/repos/KSP-CKAN/CKAN-meta/pulls", "/api/v3/repos/KSP-CKAN/CKAN-meta/pulls",
            "/api/v3/repos/KSP-CKAN/CKAN-meta/issues/101/comments"], posts); // the third inflation changed nothing
        var state = await _host.StateAsync("DogeCoinFlag");
        Assert.Equal("https://github.com/KSP-CKAN/CKAN-meta/pull/101", state.PullRequestUrl);
    }

    [Fact]
    public async Task A_failed_inflation_commits_nothing_and_records_the_error()
    {
        var before = GitRepos.Tip(_remote, "main");

        await _host.IndexAsync(CkanSamples.Failure("DogeCoinFlag", "Could not find any matching asset", ["Tags not found"]));

        Assert.Equal(before, GitRepos.Tip(_remote, "main"));
        var state = await _host.StateAsync("DogeCoinFlag");
        Assert.Equal("InflationFailed", state.CurrentState);
        Assert.False(state.Success);
        Assert.Equal("Could not find any matching asset", state.LastError);
        Assert.Equal("Tags not found", state.LastWarnings);
        Assert.Equal(CkanSamples.CheckTime, state.LastInflated);
        Assert.Null(state.LastIndexed);
    }

    [Fact]
    public async Task A_push_rejected_because_someone_else_pushed_first_is_pulled_and_pushed_again()
    {
        await _host.IndexAsync(CkanSamples.Success("AwesomeMod", "1.1")); // the working copy exists now
        var other = GitRepos.Clone(_remote, _dir.Combine("other"));
        var theirs = GitRepos.CommitAndPush(other, new Dictionary<string, string>
        {
            ["OtherMod/OtherMod-1.0.ckan"] = CkanSamples.Ckan("OtherMod", "1.0"),
            // A conflicting edit of a file we are about to change: ours wins (pull -X ours).
            ["DogeCoinFlag/DogeCoinFlag-v1.01.ckan"] = CkanSamples.Ckan("DogeCoinFlag", "v1.01", extra: "\n    \"comment\": \"theirs\","),
        }, "Someone else's change");
        var ours = CkanSamples.Ckan("DogeCoinFlag", "v1.01", extra: "\n    \"comment\": \"ours\",");

        await _host.IndexAsync(CkanSamples.Success("DogeCoinFlag", "v1.01", ours));

        using var remote = new Repository(_remote);
        var tip = remote.Branches["main"].Tip;
        Assert.Equal(2, tip.Parents.Count());
        Assert.Contains(tip.Parents, x => x.Sha == theirs);
        Assert.Equal("NetKAN updated mod - DogeCoinFlag-v1.01", tip.Parents.First().MessageShort);
        Assert.NotNull(GitRepos.ReadFile(_remote, "main", "OtherMod/OtherMod-1.0.ckan"));
        Assert.Equal(Encoding.UTF8.GetBytes(ours), GitRepos.ReadFile(_remote, "main", "DogeCoinFlag/DogeCoinFlag-v1.01.ckan"));
        Assert.True(File.Exists(Path.Combine(_workingCopy, "OtherMod", "OtherMod-1.0.ckan"))); // the pull updated the working tree
        Assert.Equal(tip.Parents.First().Sha, (await _host.StateAsync("DogeCoinFlag")).Commit);
    }

    [Fact]
    public async Task With_a_stale_pull_the_indexer_pulls_first_and_finds_a_file_someone_else_already_pushed()
    {
        await using var host = await ServicesHarness.StartAsync(_dir.Combine("data2"), new Dictionary<string, string?>
        {
            ["Repos:ksp:CkanMeta:Remote"] = _remote,
            ["Git:PullInterval"] = "00:00:00", // pull before every change
        }, "indexer");
        await host.IndexAsync(CkanSamples.Success("AwesomeMod", "1.1")); // clones
        var body = CkanSamples.Ckan("DogeCoinFlag", "v1.05");
        var other = GitRepos.Clone(_remote, _dir.Combine("other"));
        var theirs = GitRepos.CommitAndPush(other, new Dictionary<string, string> { ["DogeCoinFlag/DogeCoinFlag-v1.05.ckan"] = body },
            "A human merged the staging pull request");

        await host.IndexAsync(CkanSamples.Success("DogeCoinFlag", "v1.05", body));

        Assert.Equal(theirs, GitRepos.Tip(_remote, "main")); // no commit of ours, no merge commit
        Assert.Equal(nameof(IndexOutcome.Unchanged), (await host.StateAsync("DogeCoinFlag")).IndexOutcome);
    }

    [Fact]
    public async Task A_batch_of_mixed_messages_handled_together_is_pushed_in_fewer_pushes_than_commits()
    {
        var messages = new List<ModInflated>();
        for (var i = 0; i < 6; i++)
        {
            messages.Add(CkanSamples.Success($"BatchMod{i}", "1.0"));
        }
        messages.Add(CkanSamples.Success("DogeCoinFlag", "v1.01")); // unchanged
        messages.Add(CkanSamples.Success("AwesomeMod", "1.0", CkanSamples.Ckan("AwesomeMod", "1.0", extra: "\n    \"tags\": [],"))); // updated
        messages.Add(CkanSamples.Failure("BrokenMod", "404 Not Found"));
        messages.Add(CkanSamples.Success("StagedMod", "0.1", staged: true));

        // As the SQS edge hands over a received batch: all at once. The first commit is pushed at once; the others
        // are committed while that push runs and travel together in the second.
        await Task.WhenAll(messages.Select(_host.IndexAsync));

        var log = GitRepos.Log(_remote, "main");
        for (var i = 0; i < 6; i++)
        {
            Assert.Contains($"NetKAN added mod - BatchMod{i}-1.0", log);
        }
        Assert.Contains("NetKAN updated mod - AwesomeMod-1.0", log);
        Assert.NotNull(GitRepos.ReadFile(_remote, "add/StagedMod-0.1", "StagedMod/StagedMod-0.1.ckan"));
        var repository = await _host.Services.GetRequiredService<GameRepositories>().CkanMetaAsync(GameId.Ksp, default);
        Assert.InRange(repository.Pushes.Pushes, 1, 2); // 7 commits on main
        Assert.Equal(nameof(IndexOutcome.Unchanged), (await _host.StateAsync("DogeCoinFlag")).IndexOutcome);
        Assert.Equal("404 Not Found", (await _host.StateAsync("BrokenMod")).LastError);
        Assert.Equal(nameof(IndexOutcome.Staged), (await _host.StateAsync("StagedMod")).IndexOutcome);
        Assert.All(Enumerable.Range(0, 6), i => Assert.Equal(nameof(IndexOutcome.Added), _host.StateAsync($"BatchMod{i}").Result.IndexOutcome));
    }

    [Fact]
    public async Task A_commit_whose_push_failed_is_pushed_when_the_message_comes_back()
    {
        await _host.IndexAsync(CkanSamples.Success("AwesomeMod", "1.1")); // open the working copy
        var message = CkanSamples.Success("DogeCoinFlag", "v1.03");
        var hidden = _remote + ".away";
        Directory.Move(_remote, hidden); // the remote is unreachable

        await Assert.ThrowsAnyAsync<Exception>(() => _host.IndexAsync(message));
        var failed = await _host.StateAsync("DogeCoinFlag");
        Assert.Equal("IndexingFailed", failed.CurrentState);
        Assert.NotNull(failed.LastError);

        Directory.Move(hidden, _remote);
        await _host.IndexAsync(message); // the queue delivers it again

        Assert.Equal("NetKAN added mod - DogeCoinFlag-v1.03", GitRepos.Log(_remote, "main")[0]);
        Assert.NotNull(GitRepos.ReadFile(_remote, "main", "DogeCoinFlag/DogeCoinFlag-v1.03.ckan"));
        var state = await _host.StateAsync("DogeCoinFlag");
        Assert.Null(state.LastError);
        Assert.True(state.Success);
    }

    [Fact]
    public async Task A_message_with_an_identifier_that_is_no_folder_name_is_refused_and_makes_no_row()
    {
        // Issue 13: such a message names no mod, so it cannot be decoded (and goes to the dead letters), never a row.
        var message = CkanSamples.Success("Evil..Mod", "1.0") with { Identifier = "..", FileName = "x.ckan" };

        var error = Assert.Throws<WireFormatException>(() => ModInflated.FromWire(message.ToWire()));

        Assert.Equal("ModIdentifier", error.Field);
        Assert.Null(error.Identifier);
    }

    private static string UrlPrefix(string url) =>
        Convert.ToHexString(System.Security.Cryptography.SHA1.HashData(Encoding.UTF8.GetBytes(url)))[..8];

    private static string Tip(string workingCopy)
    {
        using var repo = new Repository(workingCopy);
        return repo.Head.Tip.Sha;
    }
}
