using System.Text.Json;
using NetKAN.Bus.Sagas.Persistence;
using NetKAN.Bus.Sagas.Status;

namespace NetKAN.Bus.Sagas.Tests;

/// <summary>
/// A status row's JSON (<see cref="ModStateJson"/>) writes its history by hand: it must be the default serializer's
/// JSON byte for byte, and read back what the default reads, so rows written before and after stay interchangeable.
/// </summary>
public sealed class StatusRowJsonTests
{
    // The same options without the hand-written history: what rows were written with before it.
    private static readonly JsonSerializerOptions Default = WithoutConverters(ModStateJson.Options);

    private static JsonSerializerOptions WithoutConverters(JsonSerializerOptions options)
    {
        var copy = new JsonSerializerOptions(options);
        copy.Converters.Clear();
        return copy;
    }

    public static TheoryData<string> Histories() => new()
    {
        "empty",
        "full",
        "awkward",
    };

    [Theory]
    [MemberData(nameof(Histories))]
    public void A_row_is_written_as_the_default_serializer_writes_it_and_reads_back_the_same(string history)
    {
        var row = Row(history);
        var expected = JsonSerializer.Serialize(row, Default);

        Assert.Equal(expected, ModStateJson.Serialize(row));
        Assert.Equal(expected, System.Text.Encoding.UTF8.GetString(ModStateJson.SerializeToUtf8(row)));
        Assert.Equal(expected, JsonSerializer.Serialize(ModStateJson.Deserialize(expected), Default));
        Assert.Equal(expected, JsonSerializer.Serialize(ModStateJson.Clone(row), Default));
    }

    [Fact]
    public void History_is_read_as_the_default_reads_it_names_in_any_case_unknown_properties_skipped_missing_ones_default()
    {
        const string json = """
            {"identifier":"Odd","history":[
              {"TIME":"2024-02-29T23:59:59.1234567-05:00","Event":"inflated","extra":{"a":[1,{"b":null}]},"detail":"1.0"},
              {"time":"2024-03-01T00:00:00+00:00","event":"indexed (unchanged)","more":[true,false]},
              {"detail":"only a detail","event":null}
            ]}
            """;

        var ours = ModStateJson.Deserialize(json);
        var theirs = JsonSerializer.Deserialize<ModState>(json, Default)!;

        Assert.Equal(3, ours.History.Count);
        Assert.Equal(JsonSerializer.Serialize(theirs, Default), JsonSerializer.Serialize(ours, Default));
        Assert.Equal(new DateTimeOffset(2024, 2, 29, 23, 59, 59, TimeSpan.FromHours(-5)).AddTicks(1234567), ours.History[0].Time);
        Assert.Equal((default(DateTimeOffset), (string?)null, "only a detail"), (ours.History[2].Time, ours.History[2].Event, ours.History[2].Detail));
    }

    [Theory]
    [InlineData("t\u0130me")] // dotted capital I
    [InlineData("t\u0131me")] // dotless small i
    public void A_name_that_only_a_culture_aware_comparison_would_take_for_time_is_skipped_as_with_the_default(string name)
    {
        // The default matches names by ordinal rules, ignoring case: a Turkish I is not an i there.
        var json = $$"""{"history":[{"{{name}}":"2024-03-01T00:00:00+00:00","EVENT":"inflated"}]}""";

        var theirs = Assert.Single(JsonSerializer.Deserialize<ModState>(json, Default)!.History);
        var ours = Assert.Single(ModStateJson.Deserialize(json).History);

        Assert.Equal((default(DateTimeOffset), "inflated"), (theirs.Time, theirs.Event));
        Assert.Equal((theirs.Time, theirs.Event), (ours.Time, ours.Event));
    }

    [Theory]
    [InlineData("""{"history":[{"time":12}]}""")]
    [InlineData("""{"history":[{"time":"yesterday"}]}""")]
    [InlineData("""{"history":[{"time":null}]}""")]
    [InlineData("""{"history":[{"event":3}]}""")]
    [InlineData("""{"history":[{"detail":{"x":1}}]}""")]
    [InlineData("""{"history":{"time":"2024-03-01T00:00:00+00:00"}}""")]
    [InlineData("""{"history":[[]]}""")]
    public void A_broken_history_fails_as_broken_JSON_as_it_does_with_the_default(string json)
    {
        Assert.ThrowsAny<JsonException>(() => JsonSerializer.Deserialize<ModState>(json, Default));
        Assert.ThrowsAny<JsonException>(() => ModStateJson.Deserialize(json));
    }

    [Fact]
    public void A_null_entry_is_refused_where_the_default_would_read_a_missing_entry()
    {
        const string json = """{"history":[null]}""";

        Assert.Null(Assert.Single(JsonSerializer.Deserialize<ModState>(json, Default)!.History));
        Assert.ThrowsAny<JsonException>(() => ModStateJson.Deserialize(json));
    }

    [Fact]
    public void A_history_without_the_property_or_null_reads_as_the_default_does()
    {
        Assert.Empty(ModStateJson.Deserialize("""{"identifier":"NoHistory"}""").History);
        Assert.Null(ModStateJson.Deserialize("""{"history":null}""").History);
        Assert.Null(JsonSerializer.Deserialize<ModState>("""{"history":null}""", Default)!.History);
    }

    [Fact]
    public void Repeated_events_and_details_are_read_once_and_shared()
    {
        var row = ModStateJson.Deserialize(ModStateJson.Serialize(Row("full")));

        var inflated = row.History.Where(x => x.Event == "inflated").ToList();
        Assert.True(inflated.Count > 1);
        Assert.All(inflated, x => Assert.Same(inflated[0].Event, x.Event));
        Assert.All(inflated, x => Assert.Same(inflated[0].Detail, x.Detail));
    }

    private static ModState Row(string history)
    {
        var time = new DateTimeOffset(2026, 12, 7, 5, 43, 53, TimeSpan.Zero).AddTicks(1234567);
        var row = new ModState
        {
            CorrelationId = Guid.Parse("5f0b6d7e-2a41-4c1e-9d55-0a6c2b1f3e99"),
            Version = 12,
            Identifier = "KerbalEngineerRedux",
            LastIndexed = time,
            Resources = { ["homepage"] = "https://example.org/?a=1&b=<2>" },
        };
        switch (history)
        {
            case "full":
                for (var i = 0; i < ModState.HistoryLimit; i++)
                {
                    row.History.Add(new HistoryEntry
                    {
                        Time = time.AddSeconds(i * 3.5),
                        Event = i % 2 == 0 ? "inflated" : "indexed (unchanged)",
                        Detail = i % 2 == 0 ? "1.1.9.0" : "KerbalEngineerRedux-1.1.9.0.ckan",
                    });
                }
                break;
            case "awkward":
                row.History.Add(new HistoryEntry { Time = DateTimeOffset.MinValue, Event = "inflation failed", Detail = null });
                row.History.Add(new HistoryEntry { Time = DateTimeOffset.MaxValue, Event = "", Detail = "" });
                row.History.Add(new HistoryEntry
                {
                    Time = new DateTimeOffset(2020, 1, 1, 12, 0, 0, TimeSpan.FromMinutes(330)),
                    Event = "indexing failed",
                    Detail = "Quotes \" and \\ backslash, <html> & 'apostrophe', tab\t newline\n, ünïcode ✓, emoji 🚀, \u0001",
                });
                row.History.Add(new HistoryEntry { Time = time, Event = null!, Detail = "1.1.9.0" });
                break;
        }
        return row;
    }
}
