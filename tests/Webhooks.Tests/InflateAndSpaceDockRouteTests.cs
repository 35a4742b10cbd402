using System.Net;
using System.Text;
using System.Text.Json;
using Microsoft.Extensions.DependencyInjection;
using NetKAN.Bus.Contracts.Lifecycle;
using NetKAN.Bus.Contracts.Queues;
using NetKAN.Bus.Contracts.Wire;
using NetKAN.Bus.Contracts.Games;
using NetKAN.Bus.Webhooks.Tests.Support;

namespace NetKAN.Bus.Webhooks.Tests;

public sealed class InflateAndSpaceDockRouteTests : IAsyncLifetime
{
    private WebhookHost _host = null!;

    public async Task InitializeAsync() => _host = await WebhookHost.StartAsync();

    public async Task DisposeAsync() => await _host.DisposeAsync();

    private static StringContent Text(string body, string contentType = "text/plain") => new(body, Encoding.UTF8, contentType);

    [Fact]
    public async Task Inflate_sends_the_netkans_whatever_the_content_type_and_records_the_request()
    {
        var response = await _host.Client.PostAsync("/inflate/ksp", Text("""{"identifiers": ["Astrogator", "DogeCoinFlag"]}""", "application/x-www-form-urlencoded"));

        await ApiAssert.NoContentAsync(response);
        var sent = _host.Queues.On("Inbound.fifo").Select(InflateMod.FromWire).ToList();
        Assert.Equal(["Astrogator", "DogeCoinFlag"], sent.Select(x => x.Identifier));
        var state = await _host.Store.LoadAsync(ModSagaId.For(GameId.Ksp, "DogeCoinFlag"), default);
        Assert.Equal("Requested", state!.CurrentState);
        Assert.Equal("webhook /inflate", state.LastRequestSource);
    }

    [Fact]
    public async Task Inflate_for_KSP2_uses_the_KSP2_queue_and_the_legacy_form_uses_KSP()
    {
        await ApiAssert.NoContentAsync(await _host.Client.PostAsync("/inflate/KSP2", Text("""{"identifiers": ["SpaceWarp"]}""")));
        await ApiAssert.NoContentAsync(await _host.Client.PostAsync("/inflate", Text("""{"identifiers": ["Astrogator"]}""")));

        Assert.Equal("SpaceWarp", InflateMod.FromWire(_host.Queues.On("InboundKsp2.fifo").Single()).Identifier);
        Assert.Equal("ksp2", _host.Queues.On("InboundKsp2.fifo").Single().Attribute(WireAttributes.GameId));
        Assert.Equal("Astrogator", InflateMod.FromWire(_host.Queues.On("Inbound.fifo").Single()).Identifier);
    }

    [Theory]
    [InlineData("""{}""")]
    [InlineData("""{"identifiers": []}""")]
    [InlineData("""{"identifiers": "Astrogator"}""")]
    public async Task Inflate_without_an_array_of_identifiers_gets_the_original_message(string body)
    {
        var response = await _host.Client.PostAsync("/inflate/ksp", Text(body));

        await ApiAssert.ErrorAsync(response, HttpStatusCode.BadRequest, "An array of identifiers is required");
        Assert.Empty(_host.Queues.Sent);
    }

    [Fact]
    public async Task Inflate_with_bad_JSON_is_a_bad_request_not_an_empty_500()
    {
        var response = await _host.Client.PostAsync("/inflate/ksp", Text("""{"identifiers": ["Astrogator",""" ));

        await ApiAssert.ErrorAsync(response, HttpStatusCode.BadRequest, "not valid JSON");
    }

    [Fact]
    public async Task Inflate_of_an_unknown_mod_names_it_and_what_was_sent()
    {
        var response = await _host.Client.PostAsync("/inflate/ksp", Text("""{"identifiers": ["Astrogator", "NoSuchMod"]}"""));

        var error = await ApiAssert.ErrorAsync(response, HttpStatusCode.NotFound, "No such module: NoSuchMod");
        Assert.Contains("sent: Astrogator", error);
        Assert.Single(_host.Queues.On("Inbound.fifo"));
    }

    [Fact]
    public async Task Inflate_of_a_frozen_mod_says_it_was_skipped()
    {
        var response = await _host.Client.PostAsync("/inflate/ksp", Text("""{"identifiers": ["ScienceAlert"]}"""));

        Assert.Equal("Frozen mods are not inflated: ScienceAlert", await ApiAssert.MessageAsync(response));
        Assert.Empty(_host.Queues.Sent);
    }

    [Fact]
    public async Task Inflate_for_an_unknown_game_is_not_found()
    {
        var response = await _host.Client.PostAsync("/inflate/ksp3", Text("""{"identifiers": ["Astrogator"]}"""));

        await ApiAssert.ErrorAsync(response, HttpStatusCode.NotFound, "Unknown game 'ksp3'");
    }

    [Theory]
    [InlineData("update")]
    [InlineData("version-update")]
    public async Task A_SpaceDock_update_inflates_every_active_netkan_with_that_SpaceDock_id(string eventType)
    {
        var response = await _host.Client.PostAsync("/sd/inflate/ksp",
            new FormUrlEncodedContent([new("mod_id", "269"), new("event_type", eventType)]));

        await ApiAssert.NoContentAsync(response);
        var sent = _host.Queues.On("Inbound.fifo").Select(InflateMod.FromWire).Select(x => x.Identifier);
        Assert.Equal(["DogeCoinFlag", "DogeCoinFlag-Extra"], sent);
        Assert.Equal("SpaceDock update", _host.Netkans.Requests.Single().Source);
    }

    [Theory]
    [InlineData("delete", "A SpaceDock mod has been deleted, affected netkans: DogeCoinFlag, DogeCoinFlag-Extra")]
    [InlineData("locked", "A SpaceDock mod has been locked, affected netkans: DogeCoinFlag, DogeCoinFlag-Extra")]
    [InlineData("unlocked", "A SpaceDock mod has been unlocked again, affected netkans: DogeCoinFlag, DogeCoinFlag-Extra")]
    public async Task A_SpaceDock_delete_or_lock_is_logged_for_the_team_and_inflates_nothing(string eventType, string notice)
    {
        var log = new CollectingLogSink();
        await using var host = await WebhookHost.StartAsync(services: s => s.AddSingleton<Serilog.Core.ILogEventSink>(log));

        var response = await host.Client.PostAsync("/sd/inflate",
            new FormUrlEncodedContent([new("mod_id", "269"), new("event_type", eventType)]));

        await ApiAssert.NoContentAsync(response);
        Assert.Empty(host.Queues.Sent);
        Assert.True(log.Messages.Contains(notice), string.Join("\n", log.Messages));
    }

    [Fact]
    public async Task A_SpaceDock_notice_for_an_unknown_or_frozen_mod_is_not_found()
    {
        var unknown = await _host.Client.PostAsync("/sd/inflate/ksp", new FormUrlEncodedContent([new("mod_id", "99999"), new("event_type", "update")]));
        var frozen = await _host.Client.PostAsync("/sd/inflate/ksp", new FormUrlEncodedContent([new("mod_id", "12"), new("event_type", "update")]));

        await ApiAssert.ErrorAsync(unknown, HttpStatusCode.NotFound, "No such module");
        await ApiAssert.ErrorAsync(frozen, HttpStatusCode.NotFound, "#/ckan/spacedock/12");
    }

    [Fact]
    public async Task A_SpaceDock_notice_without_mod_id_names_the_field()
    {
        var noId = await _host.Client.PostAsync("/sd/inflate/ksp", new FormUrlEncodedContent([new("event_type", "update")]));

        await ApiAssert.ErrorAsync(noId, HttpStatusCode.BadRequest, "Form field \"mod_id\" is required");
    }

    [Theory]
    [InlineData("renamed")]
    [InlineData("")]
    [InlineData(null)]
    public async Task Any_other_or_a_missing_event_type_inflates_as_the_original_and_an_unknown_one_is_logged(string? eventType)
    {
        var log = new CollectingLogSink();
        await using var host = await WebhookHost.StartAsync(services: s => s.AddSingleton<Serilog.Core.ILogEventSink>(log));
        List<KeyValuePair<string, string>> form = [new("mod_id", "269")];
        if (eventType is not null)
        {
            form.Add(new("event_type", eventType));
        }

        var response = await host.Client.PostAsync("/sd/inflate/ksp", new FormUrlEncodedContent(form));

        await ApiAssert.NoContentAsync(response);
        Assert.Equal(["DogeCoinFlag", "DogeCoinFlag-Extra"], host.Queues.On("Inbound.fifo").Select(InflateMod.FromWire).Select(x => x.Identifier));
        if (eventType is { Length: > 0 })
        {
            Assert.Contains(log.Messages, m => m.Contains($"Unknown SpaceDock event_type '{eventType}'", StringComparison.Ordinal));
        }
    }

    [Fact]
    public async Task A_SpaceDock_add_queues_the_form_with_all_authors_zipped_as_the_original()
    {
        KeyValuePair<string, string>[] form =
        [
            new("name", "Dogecoin Flag"), new("id", "269"), new("license", "CC-BY-4.0"), new("username", "pjf"),
            new("email", "pjf@example.com"), new("short_description", "Such flag. Very currency."),
            new("description", "A **flag** for Kerbals who HODL."), new("external_link", ""),
            new("source_link", "https://github.com/pjf/DogeCoinFlag"), new("user_url", "https://spacedock.info/profile/pjf"),
            new("mod_url", "https://spacedock.info/mod/269/Dogecoin%20Flag"), new("site_name", "SpaceDock"),
            // second author: SpaceDock repeats the per-author fields; this one has no forum fields at all
            new("username", "techman83"), new("user_github", "pjf"), new("user_github", "techman83"),
            new("user_forum_id", "12345"), new("user_forum_username", "pjf"),
            new("email", "techman83@example.com"), new("user_url", "https://spacedock.info/profile/techman83"),
        ];

        var response = await _host.Client.PostAsync("/sd/add/ksp", new FormUrlEncodedContent(form));

        await ApiAssert.NoContentAsync(response);
        var wire = _host.Queues.On("Adding.fifo").Single();
        var add = AddMod.FromWire(wire);
        Assert.Equal(GameId.Ksp, add.Game);
        Assert.Equal("Dogecoin Flag", add.Name);
        Assert.Equal("1", wire.GroupId);
        Assert.Equal(WireValues.Md5Hex(wire.Body), wire.DeduplicationId);
        using var json = JsonDocument.Parse(wire.Body);
        var root = json.RootElement;
        Assert.Equal("pjf", root.GetProperty("username").GetString()); // first value per key
        Assert.Equal("https://spacedock.info/mod/269/Dogecoin%20Flag", root.GetProperty("mod_url").GetString());
        var authors = root.GetProperty("all_authors").EnumerateArray().ToList();
        Assert.Equal(2, authors.Count);
        Assert.Equal("""{"username":"pjf","user_github":"pjf","user_forum_id":"12345","user_forum_username":"pjf","email":"pjf@example.com","user_url":"https://spacedock.info/profile/pjf"}""",
            authors[0].GetRawText());
        Assert.Equal("""{"username":"techman83","user_github":"techman83","user_forum_id":null,"user_forum_username":null,"email":"techman83@example.com","user_url":"https://spacedock.info/profile/techman83"}""",
            authors[1].GetRawText());
    }

    [Fact]
    public async Task A_SpaceDock_add_without_a_name_names_the_field()
    {
        var response = await _host.Client.PostAsync("/sd/add/ksp", new FormUrlEncodedContent([new("id", "269")]));

        await ApiAssert.ErrorAsync(response, HttpStatusCode.BadRequest, "Form field \"name\" is required");
        Assert.Empty(_host.Queues.Sent);
    }
}
