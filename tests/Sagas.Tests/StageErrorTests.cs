using NetKAN.Bus.Contracts.Lifecycle;
using NetKAN.Bus.Contracts.Games;
using NetKAN.Bus.Sagas.Status;

namespace NetKAN.Bus.Sagas.Tests;

/// <summary>
/// The row's last_error/failed carry the original's meaning — the inflation/indexing outcome — while a mirror
/// error lives in the mirror fields and the error history only.
/// </summary>
public sealed class StageErrorTests
{
    private static readonly DateTimeOffset T0 = new(2026, 8, 1, 12, 0, 0, TimeSpan.Zero);

    [Fact]
    public void A_fixed_inflation_error_leaves_last_error_while_a_mirror_error_is_open()
    {
        var state = new ModState();
        ModStateUpdates.Apply(state, new InflationFailed(GameId.Ksp, "Mod", T0, "Could not find any matching asset"), T0);
        ModStateUpdates.Apply(state, new MirrorFailed(GameId.Ksp, "Mod", T0.AddMinutes(1), "Upload of Mod-1.0 failed"), T0);
        ModStateUpdates.Apply(state, new InflationSucceeded(GameId.Ksp, "Mod", T0.AddMinutes(2), "1.0", "Mod-1.0.ckan"), T0);

        Assert.True(state.Success);
        Assert.Null(state.LastError);
        Assert.Null(state.ErrorFirstSeen);
        Assert.Equal("failed", state.MirrorStatus);
        Assert.Equal("Upload of Mod-1.0 failed", state.MirrorDetail);
        Assert.Contains(state.Errors, x => x.Stage == "mirroring" && x.ResolvedAt is null);
    }

    [Fact]
    public void A_mirror_failure_is_not_a_mod_error_in_the_status_file()
    {
        var state = new ModState();
        ModStateUpdates.Apply(state, new InflationSucceeded(GameId.Ksp, "Mod", T0, "1.0", "Mod-1.0.ckan"), T0);
        ModStateUpdates.Apply(state, new MirrorFailed(GameId.Ksp, "Mod", T0.AddMinutes(1), "Upload of Mod-1.0 failed"), T0);

        var json = StatusJson.Write([state], GameId.Ksp);

        Assert.Contains("\"last_error\":null", json);
        Assert.Contains("\"failed\":false", json);
        Assert.DoesNotContain("Upload of Mod-1.0 failed", json);
    }

    [Fact]
    public void An_inflation_error_stays_the_last_error_when_the_mirror_recovers()
    {
        var state = new ModState();
        ModStateUpdates.Apply(state, new MirrorFailed(GameId.Ksp, "Mod", T0, "Upload failed"), T0);
        ModStateUpdates.Apply(state, new InflationFailed(GameId.Ksp, "Mod", T0.AddMinutes(1), "Broken kref"), T0);
        ModStateUpdates.Apply(state, new ModMirrored(GameId.Ksp, "Mod", T0.AddMinutes(2), "Mod-1.0"), T0);

        Assert.False(state.Success);
        Assert.Equal("Broken kref", state.LastError);
        Assert.Equal(T0.AddMinutes(1), state.ErrorFirstSeen);
    }

    [Fact]
    public void An_indexing_failure_is_the_last_error_until_the_next_indexing_succeeds()
    {
        var state = new ModState();
        ModStateUpdates.Apply(state, new InflationSucceeded(GameId.Ksp, "Mod", T0, "1.0", "Mod-1.0.ckan"), T0);
        ModStateUpdates.Apply(state, new IndexingFailed(GameId.Ksp, "Mod", T0.AddMinutes(1), "push rejected"), T0);
        Assert.Equal("push rejected", state.LastError);
        Assert.False(state.Success);

        ModStateUpdates.Apply(state, new ModIndexed(GameId.Ksp, "Mod", T0.AddMinutes(3), IndexOutcome.Updated, "Mod-1.0.ckan", "abc"), T0);
        Assert.Null(state.LastError);
        Assert.True(state.Success);
    }
}
