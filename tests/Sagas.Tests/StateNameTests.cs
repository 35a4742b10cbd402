using Microsoft.Data.Sqlite;
using NetKAN.Bus.Contracts.Lifecycle;
using NetKAN.Bus.Contracts.Games;
using NetKAN.Bus.Sagas.Persistence;
using NetKAN.Bus.Sagas.Status;

namespace NetKAN.Bus.Sagas.Tests;

/// <summary>Stored state names are words users read; rows stored with the old <c>…State</c> names still load.</summary>
public sealed class StateNameTests
{
    [Theory]
    [InlineData("InflationFailedState", "InflationFailed", "inflation failed")]
    [InlineData("IndexingFailedState", "IndexingFailed", "indexing failed")]
    [InlineData("MirrorSkippedState", "MirrorSkipped", "mirror skipped")]
    [InlineData("MirrorFailedState", "MirrorFailed", "mirror failed")]
    public async Task A_sqlite_row_with_an_old_state_name_loads_under_the_new_name_and_keeps_working(string stored, string now, string text)
    {
        var path = Path.Combine(Path.GetTempPath(), $"netkan-states-{Guid.NewGuid():N}.db");
        try
        {
            var store = new SqliteModStateStore(path);
            var id = ModSagaId.For(GameId.Ksp, "Old");
            // A row exactly as the previous version wrote it: the state in the column and in the JSON body.
            var body = $$"""{"correlationId":"{{id}}","version":3,"currentState":"{{stored}}","identifier":"Old","gameId":"ksp","success":false,"lastError":"boom","resources":{},"errors":[],"history":[]}""";
            using (var connection = new SqliteConnection($"Data Source={path}"))
            {
                connection.Open();
                using var insert = connection.CreateCommand();
                insert.CommandText = "INSERT INTO mod_state VALUES ($id, 'Old', 'ksp', 3, $state, NULL, $body)";
                insert.Parameters.AddWithValue("$id", id.ToString());
                insert.Parameters.AddWithValue("$state", stored);
                insert.Parameters.AddWithValue("$body", body);
                insert.ExecuteNonQuery();
            }

            var row = await store.LoadAsync(id, default);
            Assert.Equal(now, row!.CurrentState);
            Assert.Equal(text, LifecycleStates.For(row.CurrentState).Text);
            Assert.Empty(row.Awaiting);

            await using var harness = await LifecycleScenario.StartAsync(store: store);
            await harness.Lifecycle.RecordAsync(new InflationRequested(GameId.Ksp, "Old", DateTimeOffset.UtcNow, "test"), default);
            var updated = await store.LoadAsync(id, default);
            Assert.Equal(LifecycleStates.Requested, updated!.CurrentState);
            Assert.Equal(4, updated.Version);
        }
        finally
        {
            SqliteConnection.ClearAllPools();
            File.Delete(path);
        }
    }

    [Fact]
    public void Every_state_of_the_machine_has_one_label_and_no_name_carries_a_State_suffix()
    {
        var machine = new StateMachine.ModLifecycleStateMachine(TimeProvider.System,
            Microsoft.Extensions.Options.Options.Create(new Lifecycle.LifecycleOptions()));
        var names = machine.States.Select(x => x.Name).Where(x => x is not "Initial" and not "Final").Order().ToList();

        Assert.Equal(LifecycleStates.All.Select(x => x.Name).Order(), names);
        Assert.DoesNotContain(names, x => x.EndsWith("State", StringComparison.Ordinal));
    }
}
