using Microsoft.Extensions.DependencyInjection;
using NetKAN.Bus.Contracts.Games;
using NetKAN.Bus.Contracts.Lifecycle;
using NetKAN.Bus.Contracts.Queues;
using NetKAN.Bus.Contracts.Wire;
using NetKAN.Bus.Services.Roles;
using NetKAN.Bus.Services.Tests.Support;
using NetKAN.Bus.TestSupport;

namespace NetKAN.Bus.Services.Tests.Pipeline;

/// <summary>
/// Bad messages through the real inflator and indexer: each ends as an error on its mod's status; the host keeps
/// going and nothing is lost.
/// </summary>
public sealed class BadMessageTests
{
    [Fact]
    public async Task Unparseable_netkan_unknown_game_and_missing_attribute_are_recorded_on_the_mod()
    {
        using var temp = new TempDir();
        await using var bed = await InflationTestBed.StartAsync(temp);
        await using var host = await ServicesHarness.StartAsync(temp.Combine("data"), bed.Configuration(), "inflator", "indexer");
        var queues = host.InMemoryQueues;

        await queues.SendAsync("Inbound.fifo",
        [
            Wire("identifier: Broken\n$kref: '#/ckan/spacedock/101'\n  bad: [yaml\n", ("GameId", "ksp")),
            Wire("identifier: Weird\n$kref: '#/ckan/spacedock/101'\n", ("GameId", "KSP3")),
        ], default);
        await queues.SendAsync("Outbound.fifo",
            [Wire("{}", ("ModIdentifier", "NoStaged"), ("GameId", "ksp"), ("Success", "False"), ("CheckTime", "2026-08-01T00:00:00"))], default);
        // The host still works afterwards.
        await host.Services.GetRequiredService<ContractSender>()
            .SendAsync(new InflateMod(GameId.Ksp, InflationTestBed.FlagNetkan), default);
        await queues.WaitForIdleAsync(new CancellationTokenSource(TimeSpan.FromSeconds(90)).Token);

        var store = host.Store;
        var broken = await store.LoadAsync(ModSagaId.For(GameId.Ksp, "Broken"), default);
        Assert.NotNull(broken);
        Assert.False(broken.Success);
        Assert.Equal("InflationFailed", broken.CurrentState);
        Assert.Contains("Broken", broken.LastError);

        // The inflation queue is ksp's, so an unknown GameId is recorded against ksp, naming the attribute.
        var weird = await store.LoadAsync(ModSagaId.For(GameId.Ksp, "Weird"), default);
        Assert.Equal("Bad inflation request: Weird: GameId 'KSP3' is not a known game (ksp, ksp2)", weird!.LastError);

        var noStaged = await store.LoadAsync(ModSagaId.For(GameId.Ksp, "NoStaged"), default);
        Assert.Contains("Staged attribute is missing", noStaged!.LastError);

        var good = await store.LoadAsync(ModSagaId.For(GameId.Ksp, "DemoFlag"), default);
        Assert.Equal("Indexed", good!.CurrentState);
        Assert.Empty(queues.DeadLetters);
    }

    private static WireMessage Wire(string body, params (string, string)[] attributes) =>
        new(body, attributes.ToDictionary(x => x.Item1, x => x.Item2), "1", Guid.NewGuid().ToString("N"));
}
