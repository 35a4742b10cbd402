using System.Net;
using NetKAN.Bus.Contracts.Lifecycle;
using NetKAN.Bus.Contracts.Queues;
using NetKAN.Bus.Contracts.Wire;
using NetKAN.Bus.Contracts.Games;
using NetKAN.Bus.Webhooks.Tests.Support;

namespace NetKAN.Bus.Webhooks.Tests;

public sealed class GitHubRouteTests : IAsyncLifetime
{
    private WebhookHost _host = null!;

    public async Task InitializeAsync() => _host = await WebhookHost.StartAsync();

    public async Task DisposeAsync() => await _host.DisposeAsync();

    [Fact]
    public async Task A_signed_NetKAN_push_inflates_added_and_modified_netkans_once_and_marks_added_frozen_files()
    {
        // ScienceAlert has a status row, so the .frozen added by the push marks it frozen.
        await _host.Lifecycle.RecordAsync(new InflationSucceeded(GameId.Ksp, "ScienceAlert", DateTimeOffset.UtcNow.AddDays(-3), "2.0"), default);

        var response = await _host.Client.SendAsync(WebhookHost.GitHub("/gh/inflate/ksp", WebhookHost.Fixture("push-netkan.json")));

        await ApiAssert.NoContentAsync(response);
        var sent = _host.Queues.On("Inbound.fifo").Select(InflateMod.FromWire).ToList();
        Assert.Equal(["KerbalEngineerRedux", "Astrogator"], sent.Select(x => x.Identifier)); // added, then modified, as the original
        Assert.All(sent, x => Assert.Equal(GameId.Ksp, x.Game));
        var wire = _host.Queues.On("Inbound.fifo")[1];
        Assert.Equal(FakeNetkans.Netkans[(GameId.Ksp, "Astrogator")].Text, wire.Body);
        Assert.Equal("ksp", wire.Attribute(WireAttributes.GameId));
        Assert.Equal("Astrogator", wire.GroupId);
        Assert.Equal("GitHub push 9b8c7d6", _host.Netkans.Requests.Single().Source);

        var frozen = await _host.Store.LoadAsync(ModSagaId.For(GameId.Ksp, "ScienceAlert"), default);
        Assert.True(frozen!.Frozen);
        Assert.Equal("Frozen", frozen.CurrentState);
        Assert.Equal("GitHub push 9b8c7d6", frozen.History.Last().Detail);
        var requested = await _host.Store.LoadAsync(ModSagaId.For(GameId.Ksp, "Astrogator"), default);
        Assert.Equal("GitHub push 9b8c7d6", requested!.LastRequestSource);
    }

    [Fact]
    public async Task A_frozen_file_for_a_mod_without_status_creates_no_row()
    {
        var response = await _host.Client.SendAsync(WebhookHost.GitHub("/gh/inflate", WebhookHost.Fixture("push-netkan.json")));

        await ApiAssert.NoContentAsync(response);
        Assert.Null(await _host.Store.LoadAsync(ModSagaId.For(GameId.Ksp, "ScienceAlert"), default));
    }

    [Fact]
    public async Task A_push_to_another_branch_is_ignored_with_the_original_message()
    {
        var response = await _host.Client.SendAsync(WebhookHost.GitHub("/gh/inflate/ksp", WebhookHost.Fixture("push-netkan-branch.json")));

        Assert.Equal("Wrong branch", await ApiAssert.MessageAsync(response));
        Assert.Empty(_host.Queues.Sent);
    }

    [Fact]
    public async Task A_push_without_commits_is_answered_with_the_original_message()
    {
        var response = await _host.Client.SendAsync(WebhookHost.GitHub("/gh/inflate/ksp", WebhookHost.Fixture("push-netkan-no-commits.json")));

        Assert.Equal("No commits received", await ApiAssert.MessageAsync(response));
        Assert.Empty(_host.Queues.Sent);
    }

    [Fact]
    public async Task The_branch_is_compared_with_the_games_own_primary_branch()
    {
        // KSP2's NetKAN uses main; a push to master of it is the wrong branch.
        var response = await _host.Client.SendAsync(WebhookHost.GitHub("/gh/inflate/ksp2", WebhookHost.Fixture("push-netkan.json")));

        Assert.Equal("Wrong branch", await ApiAssert.MessageAsync(response));
    }

    [Fact]
    public async Task A_push_payload_without_a_ref_is_a_bad_request_naming_the_field()
    {
        var response = await _host.Client.SendAsync(WebhookHost.GitHub("/gh/inflate/ksp", """{"commits": []}"""));

        await ApiAssert.ErrorAsync(response, HttpStatusCode.BadRequest, "\"ref\"");
    }

    [Fact]
    public async Task A_signed_body_that_is_not_JSON_is_a_bad_request()
    {
        var response = await _host.Client.SendAsync(WebhookHost.GitHub("/gh/inflate/ksp", "payload=%7B%22ref%22%3A"));

        await ApiAssert.ErrorAsync(response, HttpStatusCode.BadRequest, "not valid JSON");
    }

    [Fact]
    public async Task A_ping_is_answered_with_pong_and_does_nothing()
    {
        var response = await _host.Client.SendAsync(WebhookHost.GitHub("/gh/inflate/ksp", WebhookHost.Fixture("ping.json"), "ping"));

        Assert.Equal("pong", await ApiAssert.MessageAsync(response));
        Assert.Empty(_host.Queues.Sent);
    }

    [Fact]
    public async Task A_CKAN_meta_push_sends_one_mirror_request_per_added_or_modified_ckan()
    {
        var response = await _host.Client.SendAsync(WebhookHost.GitHub("/gh/mirror/ksp", WebhookHost.Fixture("push-ckanmeta.json")));

        await ApiAssert.NoContentAsync(response);
        var wire = _host.Queues.On("Mirroring.fifo");
        Assert.Equal(["Astrogator/Astrogator-v1.0.0.ckan", "DogeCoinFlag/DogeCoinFlag-v1.0.2.ckan"], wire.Select(x => x.Body));
        Assert.Equal("Astrogator", wire[0].GroupId);
        Assert.Equal(WireValues.Md5Hex("Astrogator/Astrogator-v1.0.0.ckan"), wire[0].DeduplicationId);
        Assert.All(wire, x => Assert.Equal("ksp", x.Attribute(WireAttributes.GameId)));
        Assert.Equal(2, _host.Queues.Sent.Count);
    }

    [Fact]
    public async Task A_CKAN_meta_push_to_another_branch_mirrors_nothing()
    {
        var payload = WebhookHost.Fixture("push-ckanmeta.json").Replace("\"refs/heads/master\"", "\"refs/heads/staging\"");

        var response = await _host.Client.SendAsync(WebhookHost.GitHub("/gh/mirror", payload));

        Assert.Equal("Wrong branch", await ApiAssert.MessageAsync(response));
        Assert.Empty(_host.Queues.Sent);
    }

    [Fact]
    public async Task A_release_inflates_the_identifier_from_the_query()
    {
        var response = await _host.Client.SendAsync(WebhookHost.GitHub("/gh/release/ksp?identifier=Astrogator", WebhookHost.Fixture("release.json"), "release"));

        await ApiAssert.NoContentAsync(response);
        var sent = InflateMod.FromWire(_host.Queues.On("Inbound.fifo").Single());
        Assert.Equal("Astrogator", sent.Identifier);
        Assert.Equal("GitHub release", _host.Netkans.Requests.Single().Source);
    }

    [Fact]
    public async Task A_release_in_the_legacy_form_is_for_KSP()
    {
        var response = await _host.Client.SendAsync(WebhookHost.GitHub("/gh/release?identifier=Astrogator", WebhookHost.Fixture("release.json"), "release"));

        await ApiAssert.NoContentAsync(response);
        Assert.Equal(GameId.Ksp, _host.Netkans.Requests.Single().Game);
    }

    [Fact]
    public async Task A_release_without_identifier_gets_the_original_explanation()
    {
        var response = await _host.Client.SendAsync(WebhookHost.GitHub("/gh/release/ksp", WebhookHost.Fixture("release.json"), "release"));

        await ApiAssert.ErrorAsync(response, HttpStatusCode.BadRequest,
            "Param \"identifier\" is required, e.g. http://netkan.ksp-ckan.space/gh/release?identifier=AwesomeMod");
        Assert.Empty(_host.Queues.Sent);
    }

    [Fact]
    public async Task A_release_for_an_unknown_mod_is_not_found()
    {
        var response = await _host.Client.SendAsync(WebhookHost.GitHub("/gh/release/ksp?identifier=NoSuchMod", WebhookHost.Fixture("release.json"), "release"));

        await ApiAssert.ErrorAsync(response, HttpStatusCode.NotFound, "No such module: NoSuchMod");
    }
}
