using NetKAN.Bus.Contracts.Games;
using NetKAN.Bus.Sagas.Persistence;
using NetKAN.Bus.Services.Demo;
using NetKAN.Bus.TestSupport;

namespace NetKAN.Bus.Services.Tests.Demo;

/// <summary><c>netkan demo --once</c> mirrors its sample mods (MIT, GPL-3.0, CC-BY-4.0) to the bundled fake archive.</summary>
public sealed class DemoMirroringTests
{
    [Fact]
    public async Task Every_sample_mod_ends_up_mirrored_on_the_local_fake_archive()
    {
        using var temp = new TempDir("netkan-demo-mirror");
        using var output = new StringWriter();
        using var error = new StringWriter();

        var exit = await DemoRunner.RunAsync(new DemoOptions(temp.Path, Once: true, Port: 0, TimeSpan.FromSeconds(120)), output, error,
            new CancellationTokenSource(TimeSpan.FromSeconds(180)).Token);

        Assert.True(exit == 0, error.ToString());
        var store = new SqliteModStateStore(Path.Combine(temp.Path, "status.db"));
        var states = await store.ListAsync(GameId.Ksp, default);
        foreach (var mod in SampleMods.All)
        {
            var state = Assert.Single(states, s => s.Identifier == mod.Identifier);
            Assert.Equal("Mirrored", state.CurrentState);
            Assert.Equal($"{mod.Identifier}-{mod.Version}", state.MirrorDetail);
        }
    }
}
