using System.Net;
using System.Text.Json;
using NetKAN.Bus.Webhooks.Tests.Support;
using Scenario = NetKAN.Bus.Services.Seeding.StatusSeed.Scenario;

namespace NetKAN.Bus.Webhooks.Tests;

public sealed class StatusApiTests(SeededDashboard dashboard) : IClassFixture<SeededDashboard>
{
    private HttpClient Client => dashboard.Host.Client;

    [Fact]
    public async Task The_status_files_have_the_original_format_one_game_each()
    {
        var kspText = await Client.GetStringAsync("/status/netkan.json");
        using var ksp = JsonDocument.Parse(kspText);
        using var ksp2 = JsonDocument.Parse(await Client.GetStringAsync("/status/netkan-ksp2.json"));

        var failing = ksp.RootElement.GetProperty(SeededDashboard.Named(Scenario.InflationFailing)[0]);
        Assert.Equal(["game_id", "last_error", "last_warnings", "last_checked", "last_indexed", "last_inflated", "last_downloaded",
            "release_date", "frozen", "resources", "failed"], failing.EnumerateObject().Select(x => x.Name));
        Assert.True(failing.GetProperty("failed").GetBoolean());
        Assert.Matches(@"^\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d(\.\d{6})?\+00:00$", failing.GetProperty("last_inflated").GetString());
        Assert.Contains("+00:00\"", kspText); // written as the original did, not as \u002B
        Assert.True(ksp.RootElement.GetProperty(SeededDashboard.Named(Scenario.Frozen)[0]).GetProperty("frozen").GetBoolean());
        Assert.All(ksp.RootElement.EnumerateObject(), x => Assert.Equal("ksp", x.Value.GetProperty("game_id").GetString()));
        Assert.Equal(SeededDashboard.Named(Scenario.Ksp2).Order(), ksp2.RootElement.EnumerateObject().Select(x => x.Name).Order());
    }

    [Fact]
    public async Task The_mod_list_carries_the_full_state_of_one_game_or_all()
    {
        using var ksp2 = JsonDocument.Parse(await Client.GetStringAsync("/api/mods?game=ksp2"));
        using var all = JsonDocument.Parse(await Client.GetStringAsync("/api/mods"));

        Assert.Equal(SeededDashboard.Named(Scenario.Ksp2).Count, ksp2.RootElement.GetArrayLength());
        var first = ksp2.RootElement[0];
        Assert.Equal("ksp2", first.GetProperty("gameId").GetString());
        Assert.True(first.GetProperty("history").GetArrayLength() > 0);
        Assert.Equal(SeededDashboard.Mods, all.RootElement.GetArrayLength());
    }

    [Fact]
    public async Task One_mod_has_its_state_errors_and_history_and_an_unknown_one_is_a_JSON_404()
    {
        var failing = SeededDashboard.Named(Scenario.InflationFailing)[0];

        using var mod = JsonDocument.Parse(await Client.GetStringAsync($"/api/mods/ksp/{failing}"));
        var missing = await Client.GetAsync("/api/mods/ksp/NoSuchMod");
        var badGame = await Client.GetAsync("/api/mods?game=ksp3");

        Assert.Equal("InflationFailed", mod.RootElement.GetProperty("currentState").GetString());
        Assert.Equal(2, mod.RootElement.GetProperty("errors")[0].GetProperty("count").GetInt32());
        Assert.Equal("inflation failed", mod.RootElement.GetProperty("history").EnumerateArray().Last().GetProperty("event").GetString());
        await ApiAssert.ErrorAsync(missing, HttpStatusCode.NotFound, "No status for ksp/NoSuchMod");
        await ApiAssert.ErrorAsync(badGame, HttpStatusCode.NotFound, "Unknown game 'ksp3'");
    }
}
