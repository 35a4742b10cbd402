using Amazon.DynamoDBv2.Model;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Options;
using NetKAN.Bus.Contracts.Lifecycle;
using NetKAN.Bus.Contracts.Games;
using NetKAN.Bus.Sagas.Health;
using NetKAN.Bus.Sagas.Persistence;
using NetKAN.Bus.Sagas.Recording;
using NetKAN.Bus.Sagas.Status;
using NetKAN.Bus.Services.Persistence.DynamoDb;

namespace NetKAN.Bus.Integration.Tests.Aws;

public sealed class DynamoDbStoreTests
{
    private static readonly DateTimeOffset T0 = new(2026, 8, 1, 12, 0, 0, TimeSpan.Zero);

    [AwsFact]
    public async Task Two_hosts_updating_the_same_mod_at_once_lose_no_update()
    {
        await using var bed = new AwsTestBed();
        await bed.CreateTablesAsync();
        var first = await bed.StartHostAsync([]);
        var second = await bed.StartHostAsync([]);

        async Task Report(IServiceProvider host, int count)
        {
            var lifecycle = host.GetRequiredService<IModLifecycle>();
            for (var i = 0; i < count; i++)
            {
                await lifecycle.RecordAsync(new InflationFailed(GameId.Ksp, "Contended", T0.AddSeconds(i), "404 from SpaceDock"), default);
            }
        }
        await Task.WhenAll(Report(first.Services, 15), Report(second.Services, 15));

        var row = await first.Services.GetRequiredService<IModStateStore>().LoadAsync(ModSagaId.For(GameId.Ksp, "Contended"), default);
        Assert.Equal(30, row!.Errors.Single().Count);
        Assert.Equal(30, row.Version);
    }

    [AwsFact]
    public async Task A_row_is_stored_as_plain_attributes_of_the_original_table_and_reads_back_whole()
    {
        await using var bed = new AwsTestBed();
        await bed.CreateTablesAsync();
        var store = new DynamoDbModStateStore(bed.DynamoDb, Options.Create(bed.DynamoDbOptions()));
        var state = new ModState
        {
            CorrelationId = ModSagaId.For(GameId.Ksp2, "Kerbal"),
            Version = 1,
            CurrentState = "Indexed",
            Identifier = "Kerbal",
            GameId = "ksp2",
            LastInflated = new DateTimeOffset(2023, 4, 11, 14, 40, 18, TimeSpan.Zero).AddTicks(6734210),
            LastIndexed = T0,
            Success = true,
            LastWarnings = "No tags",
            Resources = new Dictionary<string, string> { ["homepage"] = "https://example.com", ["x_screenshot"] = "s.png" }, // sorted, as read back
            InflationSeconds = 30.5,
            DownloadCount = 12345678901,
            Errors = [new ErrorRecord { Stage = "inflation", Message = "old", FirstSeen = T0, LastSeen = T0, Count = 2, ResolvedAt = T0 }],
            History = [new HistoryEntry { Time = T0, Event = "inflated", Detail = "1.0" }],
        };
        await store.InsertAsync(state, default);

        var item = (await bed.DynamoDb.GetItemAsync(new GetItemRequest
        {
            TableName = bed.StatusTable,
            Key = ModStateItem.Key("Kerbal", "ksp2"),
            ConsistentRead = true,
        })).Item;
        Assert.Equal("2023-04-11T14:40:18.673421+0000", item["last_inflated"].S);
        Assert.Equal("2026-08-01T12:00:00.000000+0000", item["last_indexed"].S);
        Assert.True(item["success"].BOOL);
        Assert.False(item["frozen"].BOOL);
        Assert.Equal("No tags", item["last_warnings"].S);
        Assert.False(item.ContainsKey("last_error"));
        Assert.False(item.ContainsKey("release_date"));
        Assert.Equal("https://example.com", item["resources"].M["homepage"].S);
        Assert.Equal("1", item["version"].N);
        Assert.Equal("Indexed", item["current_state"].S);
        Assert.Equal(state.CorrelationId.ToString(), item["correlation_id"].S);
        Assert.Equal("12345678901", item["download_count"].N);
        Assert.Equal("old", item["errors"].L[0].M["message"].S);

        var loaded = await store.LoadAsync(state.CorrelationId, default);
        Assert.Equal(ModStateJson.Serialize(state), ModStateJson.Serialize(loaded!));
    }

    [AwsFact]
    public async Task Stale_writes_and_second_inserts_are_refused_as_concurrency_conflicts()
    {
        await using var bed = new AwsTestBed();
        await bed.CreateTablesAsync();
        var store = new DynamoDbModStateStore(bed.DynamoDb, Options.Create(bed.DynamoDbOptions()));
        var state = new ModState { CorrelationId = ModSagaId.For(GameId.Ksp, "Race"), Identifier = "Race", GameId = "ksp", Version = 1 };
        await store.InsertAsync(state, default);

        await Assert.ThrowsAsync<ModStateConcurrencyException>(() => store.InsertAsync(state, default));
        state.Version = 2;
        await store.UpdateAsync(state, 1, default);
        state.Version = 3;
        await Assert.ThrowsAsync<ModStateConcurrencyException>(() => store.UpdateAsync(state, 1, default));
        Assert.Equal(2, (await store.LoadAsync(state.CorrelationId, default))!.Version);

        // A fresh process (empty key cache) finds the row through the correlation_id index.
        var other = new DynamoDbModStateStore(bed.DynamoDb, Options.Create(bed.DynamoDbOptions()));
        Assert.Equal("Race", (await other.LoadAsync(state.CorrelationId, default))!.Identifier);
        Assert.Null(await other.LoadAsync(ModSagaId.For(GameId.Ksp, "Nobody"), default));
        await other.DeleteAsync(state.CorrelationId, default);
        Assert.Null(await store.LoadAsync(state.CorrelationId, default));
    }

    [AwsFact]
    public async Task Rows_written_by_the_original_status_service_are_listed_per_game()
    {
        await using var bed = new AwsTestBed();
        await bed.CreateTablesAsync();
        // As pynamodb's ModStatus saves it: no version, no correlation id, nulls left out.
        await bed.DynamoDb.PutItemAsync(new PutItemRequest
        {
            TableName = bed.StatusTable,
            Item = new Dictionary<string, AttributeValue>
            {
                ["ModIdentifier"] = new() { S = "OldMod" },
                ["game_id"] = new() { S = "ksp" },
                ["last_indexed"] = new() { S = "2023-04-11T14:40:18.673421+0000" },
                ["success"] = new() { BOOL = false },
                ["last_error"] = new() { S = "Could not find any matching asset" },
                ["frozen"] = new() { BOOL = false },
                ["resources"] = new() { M = new() { ["repository"] = new() { S = "https://github.com/example/OldMod" } } },
            },
        });
        var store = new DynamoDbModStateStore(bed.DynamoDb, Options.Create(bed.DynamoDbOptions()));
        await store.InsertAsync(new ModState { CorrelationId = ModSagaId.For(GameId.Ksp2, "NewMod"), Identifier = "NewMod", GameId = "ksp2", Version = 1 }, default);

        var ksp = Assert.Single(await store.ListAsync(GameId.Ksp, default));
        Assert.Equal("OldMod", ksp.Identifier);
        Assert.Equal(ModSagaId.For(GameId.Ksp, "OldMod"), ksp.CorrelationId);
        Assert.Equal(new DateTimeOffset(2023, 4, 11, 14, 40, 18, TimeSpan.Zero).AddTicks(6734210), ksp.LastIndexed);
        Assert.Equal("Could not find any matching asset", ksp.LastError);
        Assert.Equal("https://github.com/example/OldMod", ksp.Resources["repository"]);
        Assert.Equal("NewMod", Assert.Single(await store.ListAsync(GameId.Ksp2, default)).Identifier);
        Assert.Equal(2, (await store.ListAsync(null, default)).Count);
        // Compared as JSON: the writer escapes '+' as \u002B, which readers decode to the same text.
        AssertSameJson(
            """{"OldMod":{"game_id":"ksp","last_error":"Could not find any matching asset","last_warnings":null,"last_checked":null,"last_indexed":"2023-04-11T14:40:18.673421+00:00","last_inflated":null,"last_downloaded":null,"release_date":null,"frozen":false,"resources":{"repository":"https://github.com/example/OldMod"},"failed":true}}""",
            StatusJson.Write(await store.ListAsync(null, default), GameId.Ksp));
    }

    [AwsFact]
    public async Task The_first_event_for_a_mod_of_the_original_table_keeps_its_fields_and_adds_the_event()
    {
        await using var bed = new AwsTestBed();
        await bed.CreateTablesAsync();
        await bed.DynamoDb.PutItemAsync(new PutItemRequest
        {
            TableName = bed.StatusTable,
            Item = new Dictionary<string, AttributeValue>
            {
                ["ModIdentifier"] = new() { S = "Veteran" },
                ["game_id"] = new() { S = "ksp" },
                ["last_indexed"] = new() { S = "2023-04-11T14:40:18.673421+0000" },
                ["release_date"] = new() { S = "2023-04-01T00:00:00.000000+0000" },
                ["success"] = new() { BOOL = true },
                ["frozen"] = new() { BOOL = false },
                ["resources"] = new() { M = new() { ["homepage"] = new() { S = "https://example.com/veteran" } } },
            },
        });
        var host = await bed.StartHostAsync([]);

        await host.Services.GetRequiredService<IModLifecycle>()
            .RecordAsync(new InflationFailed(GameId.Ksp, "Veteran", T0, "Could not find any matching asset"), default);

        var row = await host.Services.GetRequiredService<IModStateStore>().LoadAsync(ModSagaId.For(GameId.Ksp, "Veteran"), default);
        Assert.Equal("InflationFailedState", row!.CurrentState);
        Assert.Equal(2, row.Version);
        Assert.False(row.Success);
        Assert.Equal("Could not find any matching asset", row.LastError);
        Assert.Equal(new DateTimeOffset(2023, 4, 11, 14, 40, 18, TimeSpan.Zero).AddTicks(6734210), row.LastIndexed);
        Assert.Equal(new DateTimeOffset(2023, 4, 1, 0, 0, 0, TimeSpan.Zero), row.ReleaseDate);
        Assert.Equal("https://example.com/veteran", row.Resources["homepage"]);
        Assert.Single(await host.Services.GetRequiredService<IModStateStore>().ListAsync(GameId.Ksp, default));
    }

    [AwsFact]
    public async Task Listing_reads_every_page_of_the_table()
    {
        await using var bed = new AwsTestBed();
        await bed.CreateTablesAsync();
        var options = bed.DynamoDbOptions();
        options.ScanPageSize = 2;
        var store = new DynamoDbModStateStore(bed.DynamoDb, Options.Create(options));
        foreach (var n in Enumerable.Range(1, 7))
        {
            var game = n % 3 == 0 ? GameId.Ksp2 : GameId.Ksp;
            await store.InsertAsync(new ModState { CorrelationId = ModSagaId.For(game, $"Mod{n}"), Identifier = $"Mod{n}", GameId = game.Value, Version = 1 }, default);
        }

        Assert.Equal(["Mod1", "Mod2", "Mod3", "Mod4", "Mod5", "Mod6", "Mod7"], (await store.ListAsync(null, default)).Select(x => x.Identifier));
        Assert.Equal(["Mod3", "Mod6"], (await store.ListAsync(GameId.Ksp2, default)).Select(x => x.Identifier));
    }

    [AwsFact]
    public async Task Scheduler_runs_come_back_newest_first_per_game()
    {
        await using var bed = new AwsTestBed();
        await bed.CreateTablesAsync();
        var host = await bed.StartHostAsync([]);
        var log = host.Services.GetRequiredService<ISchedulerRunLog>();
        await log.RecordAsync(new SchedulerRun(GameId.Ksp, T0, "all", false, null, 120, 3, 4500), default);
        await log.RecordAsync(new SchedulerRun(GameId.Ksp, T0.AddMinutes(30), "all", true, "queue too deep", 0, 2500), default);
        await log.RecordAsync(new SchedulerRun(GameId.Ksp2, T0.AddMinutes(10), "all", false, null, 7), default);

        var ksp = await log.RecentAsync(GameId.Ksp, 10, default);
        Assert.Equal([T0.AddMinutes(30), T0], ksp.Select(x => x.Time));
        Assert.Equal(new SchedulerRun(GameId.Ksp, T0.AddMinutes(30), "all", true, "queue too deep", 0, 2500), ksp[0]);
        Assert.Equal([GameId.Ksp, GameId.Ksp2], (await log.RecentAsync(null, 2, default)).Select(x => x.Game));
    }

    private static void AssertSameJson(string expected, string actual) =>
        Assert.True(System.Text.Json.Nodes.JsonNode.DeepEquals(System.Text.Json.Nodes.JsonNode.Parse(expected), System.Text.Json.Nodes.JsonNode.Parse(actual)),
            $"Expected {expected}\nActual   {actual}");
}
