using System.Net;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.DependencyInjection;
using NetKAN.Bus.Contracts.Lifecycle;
using NetKAN.Bus.Contracts.Queues;
using NetKAN.Bus.Contracts.Wire;
using NetKAN.Bus.Contracts.Games;
using NetKAN.Bus.Services.Hosting;
using NetKAN.Bus.Services.Roles;
using NetKAN.Bus.Services.Tests.Support;
using NetKAN.Bus.TestSupport;

namespace NetKAN.Bus.Services.Tests.Hardening;

/// <summary>
/// Issue 13: a netkan nested 60,000 levels deep, inflated through <c>POST /inflate</c>, killed the whole host with a
/// stack overflow, and every restart died again on the same message; a metanetkan whose remote served such a file did
/// the same. Now the inflation fails like any bad netkan, the error names the mod and the limit, and the host goes on.
/// Also: a message that fails every attempt is dead-lettered with its error on the mod's row, and rejected queue input
/// makes no row.
/// </summary>
public sealed class PoisonInputTests
{
    private static string Deep(string identifier, int levels) =>
        $"{{\"spec_version\": \"v1.4\", \"identifier\": \"{identifier}\", \"license\": \"MIT\", \"x\": "
        + new string('[', levels) + new string(']', levels) + "}";

    [Fact]
    public async Task A_60000_level_netkan_and_a_metanetkan_serving_one_fail_on_their_rows_and_the_host_lives_on()
    {
        using var temp = new TempDir("netkan-poison");
        await using var remote = await FakeServer.StartAsync((app, _) =>
            app.MapGet("/Deep.netkan", () => Results.Text(Deep("DeepMeta", 60_000), "text/plain")));
        var netkanRemote = GitRepos.CreateBare(temp.Combine("NetKAN.git"), new Dictionary<string, string>
        {
            ["NetKAN/Deep.netkan"] = Deep("Deep", 60_000),
            ["NetKAN/DeepMeta.netkan"] =
                $"{{\"spec_version\": \"v1.4\", \"identifier\": \"DeepMeta\", \"$kref\": \"#/ckan/netkan/{remote.Url}/Deep.netkan\", \"license\": \"MIT\"}}",
        });
        var ckanMetaRemote = GitRepos.CreateBare(temp.Combine("CKAN-meta.git"), new Dictionary<string, string> { ["README.md"] = "CKAN-meta" });
        var settings = new HostSettings
        {
            Roles = ["webhooks", "inflator", "indexer"], Transport = "inmemory", Store = "memory",
            DataDir = temp.Combine("data"), Urls = "http://127.0.0.1:0",
        };
        await using var host = await ServicesHarness.StartAsync(settings, new Dictionary<string, string?>
        {
            ["Repos:ksp:NetKan:Remote"] = netkanRemote,
            ["Repos:ksp:NetKan:Path"] = temp.Combine("work", "NetKAN"),
            ["Repos:ksp:CkanMeta:Remote"] = ckanMetaRemote,
            ["Repos:ksp:CkanMeta:Path"] = temp.Combine("work", "CKAN-meta"),
            ["Inflator:CacheDir"] = temp.Combine("cache"),
            ["Transport:InMemory:RetryDelay"] = "00:00:00.100",
        });
        using var client = new HttpClient { BaseAddress = host.Address, Timeout = TimeSpan.FromSeconds(60) };
        var queues = host.InMemoryQueues;
        var store = host.Store;

        var response = await client.PostAsync("/inflate/ksp", new StringContent("""{"identifiers": ["Deep", "DeepMeta"]}"""));
        Assert.Equal(HttpStatusCode.NoContent, response.StatusCode);
        await queues.WaitForIdleAsync(new CancellationTokenSource(TimeSpan.FromSeconds(120)).Token);

        var deep = await store.LoadAsync(ModSagaId.For(GameId.Ksp, "Deep"), default);
        Assert.Equal("InflationFailed", deep!.CurrentState);
        Assert.Contains("Deep.netkan", deep.LastError);
        Assert.Contains("nests deeper than 64 levels", deep.LastError);
        var meta = await store.LoadAsync(ModSagaId.For(GameId.Ksp, "DeepMeta"), default);
        Assert.Contains("could not parse metanetkan", meta!.LastError);
        Assert.Contains("nests deeper than 64 levels", meta.LastError);
        Assert.Empty(queues.DeadLetters);

        // The same request again (what a restart loop would replay) is handled the same way.
        var again = await client.PostAsync("/inflate/ksp", new StringContent("""{"identifiers": ["Deep"]}"""));
        Assert.Equal(HttpStatusCode.NoContent, again.StatusCode);
        await queues.WaitForIdleAsync(new CancellationTokenSource(TimeSpan.FromSeconds(120)).Token);
        Assert.Equal(2, (await store.LoadAsync(ModSagaId.For(GameId.Ksp, "Deep"), default))!.Errors.Single().Count);
    }

    [Fact]
    public async Task A_message_that_fails_every_attempt_is_dead_lettered_with_its_error_on_the_mods_row()
    {
        using var temp = new TempDir();
        await using var bed = await InflationTestBed.StartAsync(temp);
        // A metanetkan host that never answers: every attempt runs into the message timeout.
        await using var hanging = await FakeServer.StartAsync((app, _) =>
            app.MapGet("/Slow.netkan", async (HttpContext context) => await Task.Delay(Timeout.Infinite, context.RequestAborted)));
        var configuration = bed.Configuration();
        configuration["Transport:MessageTimeout"] = "00:00:01";
        configuration["Transport:InMemory:MaxAttempts"] = "2";
        configuration["Inflator:TextTimeout"] = "00:10:00";
        await using var host = await ServicesHarness.StartAsync(temp.Combine("data"), configuration, "inflator", "indexer");
        var queues = host.InMemoryQueues;
        var netkan = $"{{\"spec_version\": \"v1.4\", \"identifier\": \"Slow\", \"$kref\": \"#/ckan/netkan/{hanging.Url}/Slow.netkan\", \"license\": \"MIT\"}}";

        await host.Services.GetRequiredService<ContractSender>().SendAsync(new InflateMod(GameId.Ksp, netkan), default);
        await queues.WaitForIdleAsync(new CancellationTokenSource(TimeSpan.FromSeconds(90)).Token);

        var dead = Assert.Single(queues.DeadLetters);
        Assert.Contains("Transport:MessageTimeout", dead.Error);
        var row = await host.Store.LoadAsync(ModSagaId.For(GameId.Ksp, "Slow"), default);
        Assert.Contains("failed 2 attempts and was dead-lettered", row!.LastError);
        Assert.Contains("Transport:MessageTimeout", row.LastError);
    }

    [Fact]
    public async Task Queue_messages_naming_no_valid_mod_are_dead_lettered_at_once_and_make_no_row()
    {
        using var temp = new TempDir();
        await using var bed = await InflationTestBed.StartAsync(temp);
        var configuration = bed.Configuration();
        configuration["Transport:InMemory:RetryDelay"] = "00:00:30"; // a retry would outlast the test's wait
        await using var host = await ServicesHarness.StartAsync(temp.Combine("data"), configuration, "inflator", "indexer", "mirrorer");
        var queues = host.InMemoryQueues;

        await queues.SendAsync("Mirroring.fifo",
        [
            Wire("/etc/passwd.ckan", ("GameId", "ksp")),
            Wire("a/b.ckan", ("GameId", "ksp")),
            Wire("NetKAN/../../x.ckan", ("GameId", "ksp")),
            Wire("Foo\nBar/x.ckan", ("GameId", "ksp")),
        ], default);
        await queues.SendAsync("Outbound.fifo",
        [
            Wire("{}", ("ModIdentifier", ""), ("GameId", "ksp"), ("Success", "False"), ("CheckTime", "2026-08-01T00:00:00"), ("Staged", "False")),
            Wire("{}", ("ModIdentifier", "../x"), ("GameId", "ksp"), ("Success", "False"), ("CheckTime", "2026-08-01T00:00:00"), ("Staged", "False")),
        ], default);
        await queues.SendAsync("Inbound.fifo", [Wire("identifier: X\n$kref: '#/ckan/spacedock/1'\n", ("GameId", "ksp"))], default);
        await queues.WaitForIdleAsync(new CancellationTokenSource(TimeSpan.FromSeconds(20)).Token);

        Assert.Equal(7, queues.DeadLetters.Count);
        Assert.Empty(await host.Store.ListAsync(null, default));
    }

    private static WireMessage Wire(string body, params (string, string)[] attributes) =>
        new(body, attributes.ToDictionary(x => x.Item1, x => x.Item2), "1", Guid.NewGuid().ToString("N"));
}
