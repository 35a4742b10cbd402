using System.Net;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting.Server;
using Microsoft.AspNetCore.Hosting.Server.Features;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using NetKAN.Bus.Contracts.Lifecycle;
using NetKAN.Bus.Contracts.Queues;
using NetKAN.Bus.Contracts.Wire;
using NetKAN.Bus.Contracts.Games;
using NetKAN.Bus.Sagas.Persistence;
using NetKAN.Bus.Services.Demo;
using NetKAN.Bus.Services.Hosting;
using NetKAN.Bus.Services.Roles;
using NetKAN.Bus.Services.Transport.InMemory;
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
        using var host = NetkanHost.Build(
            new HostSettings
            {
                Roles = ["webhooks", "inflator", "indexer"], Transport = "inmemory", Store = "memory",
                DataDir = temp.Combine("data"), Urls = "http://127.0.0.1:0",
            },
            configureConfiguration: c => c.AddInMemoryCollection(new Dictionary<string, string?>
            {
                ["Repos:ksp:NetKan:Remote"] = netkanRemote,
                ["Repos:ksp:NetKan:Path"] = temp.Combine("work", "NetKAN"),
                ["Repos:ksp:CkanMeta:Remote"] = ckanMetaRemote,
                ["Repos:ksp:CkanMeta:Path"] = temp.Combine("work", "CKAN-meta"),
                ["Inflator:CacheDir"] = temp.Combine("cache"),
                ["Transport:InMemory:RetryDelay"] = "00:00:00.100",
            }));
        await host.StartAsync();
        var address = host.Services.GetRequiredService<IServer>().Features.Get<IServerAddressesFeature>()!.Addresses.Single();
        using var client = new HttpClient { BaseAddress = new Uri(address), Timeout = TimeSpan.FromSeconds(60) };
        var queues = host.Services.GetRequiredService<InMemoryQueues>();
        var store = host.Services.GetRequiredService<IModStateStore>();

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
        await host.StopAsync();
    }

    [Fact]
    public async Task A_message_that_fails_every_attempt_is_dead_lettered_with_its_error_on_the_mods_row()
    {
        using var temp = new TempDir();
        var workspace = DemoWorkspace.Create(temp.Path, SampleMods.All);
        await using var upstream = await FakeUpstream.StartAsync(SampleMods.All, default);
        // A metanetkan host that never answers: every attempt runs into the message timeout.
        await using var hanging = await FakeServer.StartAsync((app, _) =>
            app.MapGet("/Slow.netkan", async (HttpContext context) => await Task.Delay(Timeout.Infinite, context.RequestAborted)));
        var configuration = DemoConfiguration.For(workspace, upstream.BaseUrl);
        configuration["Transport:MessageTimeout"] = "00:00:01";
        configuration["Transport:InMemory:MaxAttempts"] = "2";
        configuration["Inflator:TextTimeout"] = "00:10:00";
        using var host = NetkanHost.Build(
            new HostSettings { Roles = ["inflator", "indexer"], Transport = "inmemory", Store = "memory", DataDir = temp.Path },
            configureConfiguration: c => c.AddInMemoryCollection(configuration));
        await host.StartAsync();
        var queues = host.Services.GetRequiredService<InMemoryQueues>();
        var netkan = $"{{\"spec_version\": \"v1.4\", \"identifier\": \"Slow\", \"$kref\": \"#/ckan/netkan/{hanging.Url}/Slow.netkan\", \"license\": \"MIT\"}}";

        await host.Services.GetRequiredService<ContractSender>().SendAsync(new InflateMod(GameId.Ksp, netkan), default);
        await queues.WaitForIdleAsync(new CancellationTokenSource(TimeSpan.FromSeconds(90)).Token);

        var dead = Assert.Single(queues.DeadLetters);
        Assert.Contains("Transport:MessageTimeout", dead.Error);
        var row = await host.Services.GetRequiredService<IModStateStore>().LoadAsync(ModSagaId.For(GameId.Ksp, "Slow"), default);
        Assert.Contains("failed 2 attempts and was dead-lettered", row!.LastError);
        Assert.Contains("Transport:MessageTimeout", row.LastError);
        await host.StopAsync();
    }

    [Fact]
    public async Task Queue_messages_naming_no_valid_mod_are_dead_lettered_at_once_and_make_no_row()
    {
        using var temp = new TempDir();
        var workspace = DemoWorkspace.Create(temp.Path, SampleMods.All);
        await using var upstream = await FakeUpstream.StartAsync(SampleMods.All, default);
        var configuration = DemoConfiguration.For(workspace, upstream.BaseUrl);
        configuration["Transport:InMemory:RetryDelay"] = "00:00:30"; // a retry would outlast the test's wait
        using var host = NetkanHost.Build(
            new HostSettings { Roles = ["inflator", "indexer", "mirrorer"], Transport = "inmemory", Store = "memory", DataDir = temp.Path },
            configureConfiguration: c => c.AddInMemoryCollection(configuration));
        await host.StartAsync();
        var queues = host.Services.GetRequiredService<InMemoryQueues>();

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
        Assert.Empty(await host.Services.GetRequiredService<IModStateStore>().ListAsync(null, default));
        await host.StopAsync();
    }

    private static WireMessage Wire(string body, params (string, string)[] attributes) =>
        new(body, attributes.ToDictionary(x => x.Item1, x => x.Item2), "1", Guid.NewGuid().ToString("N"));
}
