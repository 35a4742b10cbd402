using NetKAN.Bus.Contracts.Lifecycle;
using NetKAN.Bus.Contracts.Games;
using NetKAN.Bus.Sagas.Persistence;
using NetKAN.Bus.Sagas.Status;

namespace NetKAN.Bus.Sagas.Tests;

public sealed class ModLifecycleTests
{
    private static readonly DateTimeOffset T0 = new(2026, 8, 1, 12, 0, 0, TimeSpan.Zero);

    [Fact]
    public async Task A_clean_run_fills_the_original_status_fields_and_stage_durations()
    {
        await using var harness = await LifecycleScenario.StartAsync();
        var life = harness.Lifecycle;
        await life.RecordAsync(new InflationRequested(GameId.Ksp, "DogeCoinFlag", T0, "scheduler"), default);
        await life.RecordAsync(new InflationSucceeded(GameId.Ksp, "DogeCoinFlag", T0.AddSeconds(30), "v1.02",
            "DogeCoinFlag-v1.02.ckan", ["Tags not found"], ReleaseDate: T0.AddDays(-3),
            Resources: new Dictionary<string, string> { ["repository"] = "https://github.com/pjf/DogeCoinFlag" }), default);
        await life.RecordAsync(new ModIndexed(GameId.Ksp, "DogeCoinFlag", T0.AddSeconds(32), IndexOutcome.Added,
            "DogeCoinFlag-v1.02.ckan", "abc123"), default);

        var state = await harness.Store.LoadAsync(ModSagaId.For(GameId.Ksp, "DogeCoinFlag"), default);

        Assert.NotNull(state);
        Assert.Equal("Indexed", state.CurrentState);
        Assert.Equal(3, state.Version);
        Assert.True(state.Success);
        Assert.Equal(T0.AddSeconds(30), state.LastInflated);
        Assert.Equal(T0.AddSeconds(32), state.LastIndexed);
        Assert.Equal(T0.AddDays(-3), state.ReleaseDate);
        Assert.Equal("Tags not found", state.LastWarnings);
        Assert.Equal("https://github.com/pjf/DogeCoinFlag", state.Resources["repository"]);
        Assert.Equal(30, state.InflationSeconds);
        Assert.Equal(2, state.IndexSeconds);
        Assert.Equal(["inflation requested", "inflated", "indexed (added)"], state.History.Select(x => x.Event));
    }

    [Fact]
    public async Task An_error_keeps_its_first_seen_time_until_a_success_resolves_it()
    {
        await using var harness = await LifecycleScenario.StartAsync();
        var life = harness.Lifecycle;
        await life.RecordAsync(new InflationFailed(GameId.Ksp2, "Mod", T0, "Could not find any matching asset"), default);
        await life.RecordAsync(new InflationFailed(GameId.Ksp2, "Mod", T0.AddHours(1), "Could not find any matching asset"), default);

        var failing = await harness.Store.LoadAsync(ModSagaId.For(GameId.Ksp2, "Mod"), default);
        Assert.Equal("InflationFailed", failing!.CurrentState);
        Assert.False(failing.Success);
        Assert.Equal(T0, failing.ErrorFirstSeen);
        Assert.Equal(T0.AddHours(1), failing.ErrorLastSeen);
        Assert.Equal(2, failing.Errors.Single().Count);

        await life.RecordAsync(new InflationSucceeded(GameId.Ksp2, "Mod", T0.AddHours(2), "1.0", "Mod-1.0.ckan"), default);
        var fixedState = await harness.Store.LoadAsync(ModSagaId.For(GameId.Ksp2, "Mod"), default);
        Assert.True(fixedState!.Success);
        Assert.Null(fixedState.LastError);
        Assert.Equal(T0.AddHours(2), fixedState.Errors.Single().ResolvedAt);
    }

    [Fact]
    public async Task A_request_recorded_after_its_result_does_not_move_the_mod_back()
    {
        await using var harness = await LifecycleScenario.StartAsync();
        await harness.Lifecycle.RecordAsync(new InflationSucceeded(GameId.Ksp, "Racy", T0.AddSeconds(5), "1.0"), default);
        await harness.Lifecycle.RecordAsync(new InflationRequested(GameId.Ksp, "Racy", T0, "scheduler"), default);

        var state = await harness.Store.LoadAsync(ModSagaId.For(GameId.Ksp, "Racy"), default);
        Assert.Equal("Inflated", state!.CurrentState);
        Assert.Equal(T0, state.LastRequested);

        await harness.Lifecycle.RecordAsync(new InflationRequested(GameId.Ksp, "Racy", T0.AddMinutes(30), "scheduler"), default);
        Assert.Equal("Requested", (await harness.Store.LoadAsync(ModSagaId.For(GameId.Ksp, "Racy"), default))!.CurrentState);
    }

    [Fact]
    public async Task Frozen_mods_are_marked_and_an_inflation_result_makes_them_active_again()
    {
        await using var harness = await LifecycleScenario.StartAsync();
        await harness.Lifecycle.RecordAsync(new ModFrozen(GameId.Ksp, "Old", T0, "webhook"), default);
        var frozen = await harness.Store.LoadAsync(ModSagaId.For(GameId.Ksp, "Old"), default);
        Assert.True(frozen!.Frozen);
        Assert.Equal("Frozen", frozen.CurrentState);

        await harness.Lifecycle.RecordAsync(new InflationSucceeded(GameId.Ksp, "Old", T0.AddDays(1), "2.0"), default);
        var active = await harness.Store.LoadAsync(ModSagaId.For(GameId.Ksp, "Old"), default);
        Assert.False(active!.Frozen);
    }

    [Fact]
    public async Task Concurrent_updates_of_one_mod_lose_nothing()
    {
        await using var harness = await LifecycleScenario.StartAsync();
        var life = harness.Lifecycle;
        await life.RecordAsync(new InflationRequested(GameId.Ksp, "Busy", T0, "scheduler"), default);

        await Task.WhenAll(Enumerable.Range(0, 20).Select(i =>
            life.RecordAsync(new DownloadsCounted(GameId.Ksp, "Busy", T0.AddSeconds(i), i), default)));
        await Task.WhenAll(Enumerable.Range(0, 10).Select(i =>
            life.RecordAsync(new InflationRequested(GameId.Ksp, "Busy", T0.AddMinutes(i), $"webhook-{i}"), default)));

        var state = await harness.Store.LoadAsync(ModSagaId.For(GameId.Ksp, "Busy"), default);
        Assert.Equal(31, state!.Version);
        Assert.Equal(11, state.History.Count(x => x.Event == "inflation requested"));
    }

    [Fact]
    public async Task The_sqlite_store_keeps_rows_across_restarts()
    {
        using var dir = new TempFolder();
        var path = Path.Combine(dir.Path, "status.db");
        await using (var harness = await LifecycleScenario.StartAsync(store: new SqliteModStateStore(path)))
        {
            await harness.Lifecycle.RecordAsync(new InflationFailed(GameId.Ksp, "Broken", T0, "boom"), default);
            await harness.Lifecycle.RecordAsync(new InflationRequested(GameId.Ksp2, "Other", T0, "cli"), default);
        }

        var reopened = new SqliteModStateStore(path);
        var ksp = await reopened.ListAsync(GameId.Ksp, default);
        Assert.Equal("Broken", Assert.Single(ksp).Identifier);
        Assert.Equal("boom", ksp[0].LastError);
        Assert.Equal(2, (await reopened.ListAsync(null, default)).Count);
    }

    [Theory]
    [InlineData("sqlite")]
    [InlineData("memory")]
    public async Task Stores_reject_stale_versions_and_duplicate_inserts(string kind)
    {
        using var dir = new TempFolder();
        IModStateStore store = kind == "sqlite" ? new SqliteModStateStore(Path.Combine(dir.Path, "s.db")) : new InMemoryModStateStore();
        var row = new ModState { CorrelationId = Guid.NewGuid(), Identifier = "X", GameId = "ksp", Version = 1 };
        await store.InsertAsync(row, default);
        await Assert.ThrowsAsync<ModStateConcurrencyException>(() => store.InsertAsync(row, default));

        row.Version = 2;
        await store.UpdateAsync(row, expectedVersion: 1, default);
        row.Version = 3;
        var stale = await Assert.ThrowsAsync<ModStateConcurrencyException>(() => store.UpdateAsync(row, expectedVersion: 1, default));
        Assert.Contains("ksp/X", stale.Message);
        Assert.Equal(2, (await store.LoadAsync(row.CorrelationId, default))!.Version);
    }

    [Fact]
    public void Saga_ids_are_deterministic_per_game_and_identifier()
    {
        Assert.Equal(ModSagaId.For(GameId.Ksp, "A"), ModSagaId.For(GameId.Parse("KSP"), "A"));
        Assert.NotEqual(ModSagaId.For(GameId.Ksp, "A"), ModSagaId.For(GameId.Ksp2, "A"));
        Assert.NotEqual(ModSagaId.For(GameId.Ksp, "A"), ModSagaId.For(GameId.Ksp, "a"));
    }
}

internal sealed class TempFolder : IDisposable
{
    public string Path { get; } = Directory.CreateTempSubdirectory("netkan-saga-").FullName;

    public void Dispose() => Directory.Delete(Path, recursive: true);
}
