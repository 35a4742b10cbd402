using System.Net;
using System.Text;
using NetKAN.Bus.Contracts.Queues;
using NetKAN.Bus.Contracts.Wire;
using NetKAN.Bus.Contracts.Games;
using NetKAN.Bus.TestSupport;
using NetKAN.Bus.Webhooks.Tests.Support;

namespace NetKAN.Bus.Webhooks.Tests;

/// <summary>
/// The webhooks over the real git-backed ports (IInflationRequests, INetkanCatalog from the Services host): bare
/// NetKAN and CKAN-meta "remotes" in a temp folder, cloned by the host, whose primary branch is <c>main</c>.
/// </summary>
public sealed class RealRepositoryTests : IAsyncLifetime
{
    private readonly TempDir _dir = new("netkan-webhooks-git");
    private string _netkanRemote = "";
    private WebhookHost _host = null!;

    private static string Netkan(string identifier, string kref) => FakeNetkans.Netkan(identifier, kref);

    public async Task InitializeAsync()
    {
        _netkanRemote = GitRepos.CreateBare(_dir.Combine("NetKAN.git"), new Dictionary<string, string>
        {
            ["NetKAN/Astrogator.netkan"] = Netkan("Astrogator", "#/ckan/github/HebaruSan/Astrogator"),
            ["NetKAN/KerbalEngineerRedux.netkan"] = Netkan("KerbalEngineerRedux", "#/ckan/github/jrbudda/KerbalEngineer"),
            ["NetKAN/DogeCoinFlag.netkan"] = Netkan("DogeCoinFlag", "#/ckan/spacedock/269"),
            ["NetKAN/ScienceAlert.frozen"] = Netkan("ScienceAlert", "#/ckan/spacedock/12"),
        });
        var ckanMetaRemote = GitRepos.CreateBare(_dir.Combine("CKAN-meta.git"), new Dictionary<string, string>
        {
            ["Astrogator/Astrogator-v0.9.0.ckan"] = """
                {
                    "spec_version": 1,
                    "identifier": "Astrogator",
                    "name": "Astrogator",
                    "abstract": "A space-navigational aide for Kerbal Space Program",
                    "author": "HebaruSan",
                    "version": "v0.9.0",
                    "license": "GPL-3.0",
                    "download": "https://github.com/HebaruSan/Astrogator/releases/download/v0.9.0/Astrogator.zip"
                }
                """,
            // What push-ckanmeta.json describes: GitHub calls the hook after the push has landed.
            ["Astrogator/Astrogator-v1.0.0.ckan"] = "{}",
            ["DogeCoinFlag/DogeCoinFlag-v1.0.1.ckan"] = "{}",
            ["DogeCoinFlag/DogeCoinFlag-v1.0.2.ckan"] = "{}",
        });
        _host = await WebhookHost.StartAsync(new Dictionary<string, string?>
        {
            ["Repos:ksp:NetKan:Remote"] = _netkanRemote,
            ["Repos:ksp:NetKan:Path"] = _dir.Combine("work", "NetKAN"),
            ["Repos:ksp:CkanMeta:Remote"] = ckanMetaRemote,
            ["Repos:ksp:CkanMeta:Path"] = _dir.Combine("work", "CKAN-meta"),
        }, PortsMode.Real, dataDir: _dir.Combine("data"));
    }

    public async Task DisposeAsync()
    {
        await _host.DisposeAsync();
        _dir.Dispose();
    }

    private static string OnMain(string fixture) => WebhookHost.Fixture(fixture).Replace("\"refs/heads/master\"", "\"refs/heads/main\"");

    [Fact]
    public async Task A_push_is_checked_against_the_clones_primary_branch_and_inflates_the_real_netkans()
    {
        var onMaster = await _host.Client.SendAsync(WebhookHost.GitHub("/gh/inflate/ksp", WebhookHost.Fixture("push-netkan.json")));
        var onMain = await _host.Client.SendAsync(WebhookHost.GitHub("/gh/inflate/ksp", OnMain("push-netkan.json")));

        Assert.Equal("Wrong branch", await ApiAssert.MessageAsync(onMaster));
        await ApiAssert.NoContentAsync(onMain);
        var sent = _host.Queues.On("Inbound.fifo");
        Assert.Equal(["KerbalEngineerRedux", "Astrogator"], sent.Select(x => InflateMod.FromWire(x).Identifier));
        Assert.Equal(Netkan("Astrogator", "#/ckan/github/HebaruSan/Astrogator"), sent[1].Body);
        Assert.Equal("v0.9.0", sent[1].Attribute(WireAttributes.HighestVersion)); // from the CKAN-meta clone
    }

    [Fact]
    public async Task A_SpaceDock_update_finds_the_netkan_by_its_kref_and_not_the_frozen_one()
    {
        var update = await _host.Client.PostAsync("/sd/inflate/ksp", new FormUrlEncodedContent([new("mod_id", "269"), new("event_type", "update")]));
        var frozen = await _host.Client.PostAsync("/sd/inflate/ksp", new FormUrlEncodedContent([new("mod_id", "12"), new("event_type", "update")]));

        await ApiAssert.NoContentAsync(update);
        Assert.Equal("DogeCoinFlag", InflateMod.FromWire(_host.Queues.On("Inbound.fifo").Single()).Identifier);
        await ApiAssert.ErrorAsync(frozen, HttpStatusCode.NotFound, "No such module");
    }

    [Fact]
    public async Task Inflate_pulls_first_so_a_netkan_merged_a_moment_ago_is_found()
    {
        var clone = GitRepos.Clone(_netkanRemote, _dir.Combine("someone-else"));
        GitRepos.CommitAndPush(clone, new Dictionary<string, string>
        {
            ["NetKAN/NewMod.netkan"] = Netkan("NewMod", "#/ckan/spacedock/4242"),
        }, "Add NewMod from SpaceDock");

        var response = await _host.Client.PostAsync("/inflate/ksp", new StringContent("""{"identifiers": ["NewMod", "ScienceAlert", "Nope"]}""", Encoding.UTF8));

        await ApiAssert.ErrorAsync(response, HttpStatusCode.NotFound, "No such module: Nope; sent: NewMod");
        Assert.Equal("NewMod", InflateMod.FromWire(_host.Queues.On("Inbound.fifo").Single()).Identifier);
    }

    [Fact]
    public async Task A_CKAN_meta_push_on_the_primary_branch_is_mirrored()
    {
        var response = await _host.Client.SendAsync(WebhookHost.GitHub("/gh/mirror/ksp", OnMain("push-ckanmeta.json")));

        await ApiAssert.NoContentAsync(response);
        Assert.Equal(["Astrogator/Astrogator-v1.0.0.ckan", "DogeCoinFlag/DogeCoinFlag-v1.0.2.ckan"],
            _host.Queues.On("Mirroring.fifo").Select(x => x.Body));
        Assert.All(_host.Queues.On("Mirroring.fifo"), x => Assert.Equal(GameId.Ksp, MirrorMod.FromWire(x).Game));
    }
}
