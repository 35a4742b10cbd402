using NetKAN.Bus.Contracts.Queues;
using NetKAN.Bus.Contracts.Wire;
using NetKAN.Bus.Contracts.Games;

namespace NetKAN.Bus.Contracts.Tests;

public sealed class QueueContractTests
{
    private static readonly DateTimeOffset CheckTime = new(2026, 8, 22, 10, 48, 29, TimeSpan.Zero);

    [Fact]
    public void InflateMod_round_trips_through_its_wire_form()
    {
        var request = new InflateMod(GameId.Ksp2, "identifier: Foo\n$kref: '#/ckan/github/a/b'\n", "1.0", "2.0-pre", 3);
        var wire = request.ToWire();

        Assert.Equal(request.Netkan, wire.Body);
        Assert.Equal(new Dictionary<string, string>
        {
            ["GameId"] = "ksp2", ["HighestVersion"] = "1.0", ["HighestVersionPrerelease"] = "2.0-pre", ["Releases"] = "3",
        }, wire.Attributes);
        Assert.Equal("Foo", wire.GroupId);
        Assert.Equal(request, InflateMod.FromWire(wire));
    }

    [Fact]
    public void InflateMod_leaves_out_absent_attributes_and_never_deduplicates()
    {
        var request = new InflateMod(GameId.Ksp, "{\"identifier\": \"Bar\"}");
        var first = request.ToWire();

        Assert.Equal(["GameId"], first.Attributes.Keys);
        Assert.Equal("Bar", first.GroupId);
        Assert.NotEqual(first.DeduplicationId, request.ToWire().DeduplicationId);
    }

    [Fact]
    public void InflateMod_reads_the_original_schedulers_message()
    {
        var request = InflateMod.FromWire(WireSamples.SchedulerRequest());

        Assert.Equal(GameId.Ksp, request.Game);
        Assert.Equal("AwesomeMod", request.Identifier);
        Assert.Equal("1.2.3", request.HighestVersion);
        Assert.Equal("1.3.0-beta", request.HighestVersionPrerelease);
        Assert.Null(request.Releases);
    }

    [Theory]
    [InlineData("GameId", "KSP3", "'KSP3' is not a known game")]
    [InlineData("Releases", "many", "'many' is not a positive integer")]
    public void InflateMod_rejects_bad_attributes_naming_the_mod_and_the_attribute(string name, string value, string problem)
    {
        var wire = name == "GameId"
            ? WireSamples.Message("identifier: Foo\n", (name, value))
            : WireSamples.Message("identifier: Foo\n", ("GameId", "ksp"), (name, value));
        var error = Assert.Throws<WireFormatException>(() => InflateMod.FromWire(wire));

        Assert.Equal(name, error.Field);
        Assert.Equal("Foo", error.Identifier);
        Assert.Contains(problem, error.Message);
    }

    [Fact]
    public void InflateMod_whose_netkan_names_no_identifier_is_rejected_without_a_mod()
    {
        var error = Assert.Throws<WireFormatException>(() => InflateMod.FromWire(WireSamples.Message("name: x\n", ("GameId", "ksp"))));
        Assert.Equal("body", error.Field);
        Assert.Null(error.Identifier);
    }

    [Fact]
    public void InflateMod_without_a_game_id_is_rejected()
    {
        var error = Assert.Throws<WireFormatException>(() => InflateMod.FromWire(WireSamples.Message("identifier: Foo\n")));
        Assert.Equal("Foo: GameId attribute is missing", error.Message);
    }

    [Fact]
    public void ModInflated_round_trips_with_every_attribute()
    {
        var result = new ModInflated("Foo", GameId.Ksp, true, CheckTime, "{\n    \"identifier\": \"Foo\"\n}\n",
            "Foo-1.0.ckan", Staged: true, StagingReason: "Auto-epoching out of order version",
            Warnings: ["first warning", "second warning"]);
        var wire = result.ToWire();

        Assert.Equal(new Dictionary<string, string>
        {
            ["ModIdentifier"] = "Foo", ["GameId"] = "ksp", ["Staged"] = "True", ["Success"] = "True",
            ["CheckTime"] = "2026-08-22T10:48:29", ["FileName"] = "Foo-1.0.ckan",
            ["WarningMessages"] = "first warning\r\nsecond warning",
            ["StagingReason"] = "Auto-epoching out of order version",
        }, wire.Attributes);
        var back = ModInflated.FromWire(wire);
        Assert.Equal(result with { Warnings = back.Warnings }, back);
        Assert.Equal(result.Warnings, back.Warnings);
        Assert.Equal(wire.DeduplicationId, result.ToWire().DeduplicationId);
    }

    [Fact]
    public void ModInflated_reads_the_original_inflators_success_message_and_writes_the_canonical_form()
    {
        var result = ModInflated.FromWire(WireSamples.InflatorSuccess());

        Assert.Equal("DogeCoinFlag", result.Identifier);
        Assert.Equal(GameId.Ksp, result.Game);
        Assert.True(result.Success);
        Assert.False(result.Staged);
        Assert.Equal("DogeCoinFlag-v1.02.ckan", result.FileName);
        Assert.Equal(new DateTimeOffset(2019, 6, 24, 19, 6, 14, TimeSpan.Zero), result.CheckTime);
        Assert.Equal(["Tags not found", "No plugin matching the identifier"], result.Warnings);

        var canonical = result.ToWire();
        Assert.Equal("ksp", canonical.Attributes["GameId"]);
        Assert.Equal("DogeCoinFlag-v1.02.ckan", canonical.Attributes["FileName"]);
        Assert.Equal(WireSamples.InflatorSuccess().Body, canonical.Body);
        Assert.Equal(result, ModInflated.FromWire(canonical) with { Warnings = result.Warnings });
    }

    [Fact]
    public void ModInflated_reads_a_failure_with_an_empty_body_and_no_file_name()
    {
        var result = ModInflated.FromWire(WireSamples.InflatorFailure());

        Assert.False(result.Success);
        Assert.Equal(GameId.Ksp2, result.Game);
        Assert.Equal("{}", result.Ckan);
        Assert.Null(result.FileName);
        Assert.Equal("Could not get the mod from SpaceDock, reason: Mod not found", result.ErrorMessage);
        Assert.DoesNotContain("FileName", result.ToWire().Attributes.Keys);
        Assert.DoesNotContain("StagingReason", result.ToWire().Attributes.Keys);
    }

    [Theory]
    [InlineData("true", true)]
    [InlineData("True", true)]
    [InlineData("FALSE", false)]
    public void ModInflated_accepts_any_case_of_booleans(string text, bool expected)
    {
        var wire = WireSamples.Message("{}", ("ModIdentifier", "Xm"), ("GameId", "ksp"), ("Staged", text),
            ("Success", "False"), ("CheckTime", "2026-01-01T00:00:00+00:00"));
        Assert.Equal(expected, ModInflated.FromWire(wire).Staged);
    }

    [Fact]
    public void ModInflated_without_Staged_names_the_missing_attribute_and_the_mod()
    {
        var wire = WireSamples.Message("{}", ("ModIdentifier", "Xm"), ("GameId", "ksp"), ("Success", "False"),
            ("CheckTime", "2026-01-01T00:00:00"));
        var error = Assert.Throws<WireFormatException>(() => ModInflated.FromWire(wire));
        Assert.Equal("Staged", error.Field);
        Assert.Equal("Xm", error.Identifier);
    }

    [Fact]
    public void ModInflated_success_without_a_file_name_is_rejected()
    {
        var wire = WireSamples.Message("{}", ("ModIdentifier", "Xm"), ("GameId", "ksp"), ("Staged", "False"),
            ("Success", "True"), ("CheckTime", "2026-01-01T00:00:00"));
        Assert.Equal("FileName", Assert.Throws<WireFormatException>(() => ModInflated.FromWire(wire)).Field);
    }

    [Fact]
    public void MirrorMod_round_trips_with_the_originals_md5_dedup_id()
    {
        var mirror = new MirrorMod(GameId.Ksp, "DogeCoinFlag/DogeCoinFlag-v1.0.2.ckan");
        var wire = mirror.ToWire();

        Assert.Equal("DogeCoinFlag/DogeCoinFlag-v1.0.2.ckan", wire.Body);
        Assert.Equal("ksp", wire.Attributes["GameId"]);
        Assert.Equal(WireValues.Md5Hex(wire.Body), wire.DeduplicationId);
        Assert.Equal("DogeCoinFlag", wire.GroupId);
        Assert.Equal(mirror, MirrorMod.FromWire(wire));
        Assert.Equal(mirror, MirrorMod.FromWire(WireSamples.Message(wire.Body, ("GameId", "KSP"))));
    }

    [Fact]
    public void MirrorMod_rejects_a_body_that_is_not_a_ckan_path()
    {
        var error = Assert.Throws<WireFormatException>(() => MirrorMod.FromWire(WireSamples.Message("hello", ("GameId", "ksp"))));
        Assert.Equal("body", error.Field);
    }

    [Fact]
    public void AddMod_round_trips_and_exposes_the_mod_name()
    {
        var add = new AddMod(GameId.Ksp, """{"name":"Not Another Flag","id":"1234","all_authors":[]}""");
        var wire = add.ToWire();

        Assert.Equal(add.Request, wire.Body);
        Assert.Equal(WireValues.Md5Hex(add.Request), wire.DeduplicationId);
        Assert.Equal("Not Another Flag", AddMod.FromWire(wire).Name);
        Assert.Equal(add, AddMod.FromWire(wire));
        Assert.Equal("body", Assert.Throws<WireFormatException>(() => AddMod.FromWire(WireSamples.Message("[1]", ("GameId", "ksp")))).Field);
    }

    [Fact]
    public void No_message_carries_more_than_ten_attributes()
    {
        var attributes = Enumerable.Range(0, 11).ToDictionary(i => $"A{i}", i => "x");
        Assert.Throws<WireFormatException>(() => new WireMessage("{}", attributes, "1", "d"));
    }

    [Fact]
    public void Queue_names_default_to_production_and_pick_the_queue_per_contract()
    {
        var names = new QueueNames();
        Assert.Equal("Inbound.fifo", names.For(new InflateMod(GameId.Ksp, "identifier: A")));
        Assert.Equal("InboundKsp2.fifo", names.For(new InflateMod(GameId.Ksp2, "identifier: A")));
        Assert.Equal("Outbound.fifo", names.For(new ModInflated("A", GameId.Ksp2, false, CheckTime)));
        Assert.Equal("Mirroring.fifo", names.For(new MirrorMod(GameId.Ksp, "A/A-1.ckan")));
        Assert.Equal("Adding.fifo", names.For(new AddMod(GameId.Ksp, "{}")));
    }

    [Theory]
    [InlineData("identifier: Foo\nname: x", "Foo")]
    [InlineData("{\n  \"spec_version\": 1,\n  \"identifier\": \"Bar-Baz\"\n}", "Bar-Baz")]
    [InlineData("{\"spec_version\": 1, \"identifier\": \"OneLine\"}", "OneLine")]
    [InlineData("name: nothing here\ndescription: the identifier: is not here", null)]
    public void The_identifier_is_found_in_raw_netkan_text(string text, string? expected) =>
        Assert.Equal(expected, NetkanIdentifier.Find(text));
}
