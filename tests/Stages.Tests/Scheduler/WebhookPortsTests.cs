using LibGit2Sharp;
using Microsoft.Extensions.DependencyInjection;
using NetKAN.Bus.Contracts.Games;
using NetKAN.Bus.Contracts.Queues;
using NetKAN.Bus.Services.Git;
using NetKAN.Bus.Services.ModCatalog;
using NetKAN.Bus.Services.Tests.Support;
using NetKAN.Bus.TestSupport;

namespace NetKAN.Bus.Services.Tests.Scheduler;

/// <summary>The webhooks' ports (<see cref="IInflationRequests"/>, <see cref="INetkanCatalog"/>) over real repositories.</summary>
public sealed class WebhookPortsTests : IAsyncLifetime
{
    private readonly TempDir _dir = new("netkan-ports");
    private FakeGitHub _gitHub = null!;
    private ServicesHarness _host = null!;
    private string _netkanRemote = null!;

    private IInflationRequests Requests => _host.Services.GetRequiredService<IInflationRequests>();

    private INetkanCatalog Catalog => _host.Services.GetRequiredService<INetkanCatalog>();

    public async Task InitializeAsync()
    {
        _netkanRemote = GitRepos.CreateBare(_dir.Combine("NetKAN.git"), new Dictionary<string, string>
        {
            ["NetKAN/AwesomeMod.netkan"] = "spec_version: v1.4\nidentifier: AwesomeMod\n$kref: '#/ckan/github/example/AwesomeMod'\nlicense: MIT\n",
            ["NetKAN/HookMod.netkan"] = "{\n    \"spec_version\": 1,\n    \"identifier\": \"HookMod\",\n    \"$kref\": \"#/ckan/spacedock/777\"\n}\n",
            ["NetKAN/VrefMod.netkan"] = "identifier: VrefMod\n$kref: '#/ckan/spacedock/777'\n$vref: '#/ckan/ksp-avc'\n",
            ["NetKAN/OtherMod.netkan"] = "identifier: OtherMod\n$kref: '#/ckan/spacedock/7777'\n",
            ["NetKAN/OutOfOrder.netkan"] = "identifier: OutOfOrder\n$kref: '#/ckan/github/a/b'\nx_netkan_allow_out_of_order: true\n",
            ["NetKAN/FrozenMod.frozen"] = "identifier: FrozenMod\n$kref: '#/ckan/spacedock/777'\n",
        });
        var ckanMetaRemote = GitRepos.CreateBare(_dir.Combine("CKAN-meta.git"), new Dictionary<string, string>
        {
            ["AwesomeMod/AwesomeMod-1.0.ckan"] = CkanSamples.Ckan("AwesomeMod", "1.0"),
            ["AwesomeMod/AwesomeMod-1.2.ckan"] = CkanSamples.Ckan("AwesomeMod", "1.2"),
            ["AwesomeMod/AwesomeMod-2.0-beta.ckan"] = CkanSamples.Ckan("AwesomeMod", "2.0-beta", "testing"),
            ["OutOfOrder/OutOfOrder-1.0.ckan"] = CkanSamples.Ckan("OutOfOrder", "1.0"),
        });
        using (var bare = new Repository(ckanMetaRemote))
        {
            bare.Refs.Rename("refs/heads/main", "refs/heads/master");
            bare.Refs.UpdateTarget("HEAD", "refs/heads/master");
        }
        _gitHub = await FakeGitHub.StartAsync();
        _host = await ServicesHarness.StartAsync(_dir.Combine("data"), new Dictionary<string, string?>
        {
            ["Repos:ksp:NetKan:Remote"] = _netkanRemote,
            ["Repos:ksp:CkanMeta:Remote"] = ckanMetaRemote,
            ["GitHub:ApiUrl"] = _gitHub.Url,
            ["Scheduler:RunOnSchedule"] = "false",
        }, "scheduler");
    }

    public async Task DisposeAsync()
    {
        await _host.DisposeAsync();
        await _gitHub.DisposeAsync();
        _dir.Dispose();
    }

    [Fact]
    public async Task Requested_mods_are_sent_with_their_highest_versions_and_frozen_or_unknown_ones_reported()
    {
        var outcome = await Requests.RequestAsync(GameId.Ksp, ["AwesomeMod", "OutOfOrder", "FrozenMod", "NoSuchMod", "../etc"],
            "webhook /inflate", ServicesHarness.Timeout);

        Assert.Equal(["AwesomeMod", "OutOfOrder"], outcome.Sent);
        Assert.Equal(["FrozenMod"], outcome.Frozen);
        Assert.Equal(["NoSuchMod", "../etc"], outcome.Unknown);
        var sent = CorpusRepositoriesFixture.Drain(_host, "Inbound.fifo").ToDictionary(x => x.Identifier!);
        Assert.Equal("1.2", sent["AwesomeMod"].HighestVersion);
        Assert.Equal("2.0-beta", sent["AwesomeMod"].HighestVersionPrerelease);
        Assert.Null(sent["OutOfOrder"].HighestVersion);
        var state = await _host.StateAsync("AwesomeMod");
        Assert.Equal("webhook /inflate", state.LastRequestSource);
        // The working copies went to the default place under the data folder.
        Assert.True(File.Exists(_dir.Combine("data", "repos", "ksp", "NetKAN", "NetKAN", "AwesomeMod.netkan")));
    }

    [Fact]
    public async Task A_netkan_pushed_a_moment_ago_can_be_requested_because_the_repository_is_pulled_first()
    {
        await Requests.RequestAsync(GameId.Ksp, ["AwesomeMod"], "test", ServicesHarness.Timeout); // clones
        var other = GitRepos.Clone(_netkanRemote, _dir.Combine("other"));
        GitRepos.CommitAndPush(other, new Dictionary<string, string> { ["NetKAN/NewMod.netkan"] = "identifier: NewMod\n" }, "Add NewMod");

        var outcome = await Requests.RequestAsync(GameId.Ksp, ["NewMod"], "test", ServicesHarness.Timeout);

        Assert.Equal(["NewMod"], outcome.Sent);
    }

    [Fact]
    public async Task SpaceDock_ids_find_the_active_netkans_with_that_kref_and_not_frozen_ones()
    {
        var found = await Catalog.FindBySpaceDockIdAsync(GameId.Ksp, "777", ServicesHarness.Timeout);

        Assert.Equal(["HookMod", "VrefMod"], found.Order());
        Assert.Empty(await Catalog.FindBySpaceDockIdAsync(GameId.Ksp, "77", ServicesHarness.Timeout));
    }

    [Fact]
    public async Task The_primary_branch_ref_of_each_repository_comes_from_its_remote()
    {
        Assert.Equal("refs/heads/main", await Catalog.PrimaryBranchRefAsync(GameId.Ksp, RepositoryKind.NetKan, ServicesHarness.Timeout));
        Assert.Equal("refs/heads/master", await Catalog.PrimaryBranchRefAsync(GameId.Ksp, RepositoryKind.CkanMeta, ServicesHarness.Timeout));
    }
}
