using NetKAN.Bus.Contracts.Lifecycle;
using NetKAN.Bus.Contracts.Wire;
using NetKAN.Bus.Contracts.Games;

namespace NetKAN.Bus.Contracts.Tests;

public sealed class LifecycleEventWireTests
{
    private static readonly DateTimeOffset T = new(2026, 8, 1, 12, 30, 15, 250, TimeSpan.Zero);

    public static TheoryData<IModEvent> Events() => new(Samples);

    private static readonly IModEvent[] Samples =
    [
        new InflationRequested(GameId.Ksp, "A", T, "scheduler (nonhooks)", "1.0", "1.1-pre"),
        new InflationSucceeded(GameId.Ksp2, "A", T, "1:2.0", "A-1-2.0.ckan", ["w1", "w2"], true, "reason",
            T.AddDays(-1), new Dictionary<string, string> { ["repository"] = "https://github.com/a/b" }, T.AddMinutes(-1)),
        new InflationFailed(GameId.Ksp, "A", T, "boom", ["w"]),
        new ModIndexed(GameId.Ksp, "A", T, IndexOutcome.Staged, "A-1.0.ckan", "abc123", "https://github.com/o/r/pull/7"),
        new IndexingFailed(GameId.Ksp, "A", T, "push rejected"),
        new ModMirrored(GameId.Ksp, "A", T, "A-1.0"),
        new MirrorSkipped(GameId.Ksp, "A", T, "License restricted is not redistributable"),
        new MirrorFailed(GameId.Ksp, "A", T, "upload failed"),
        new ModFrozen(GameId.Ksp, "A", T, "webhook"),
        new ModUnfrozen(GameId.Ksp, "A", T, "webhook"),
        new DownloadsCounted(GameId.Ksp, "A", T, 123456789012),
        new UnfreezeSuggested(GameId.Ksp, "A", T, "SpaceDock has 2.0, newer than 1.0"),
        new ModIndexed(GameId.Ksp, "A", T, IndexOutcome.Added, "A-1.0.ckan", "abc123", Redistributable: false),
        new DeadlinePassed(GameId.Ksp, "A", T, "mirror"),
        new CkanMetaChecked(GameId.Ksp, "A", T, "A/A-1.0.ckan", true, "abc123"),
        new InflatedAndIndexed(new InflationSucceeded(GameId.Ksp, "A", T.AddSeconds(-2), "1.0", "A-1.0.ckan", ["w"]),
            new ModIndexed(GameId.Ksp, "A", T, IndexOutcome.Unchanged, "A-1.0.ckan", "abc123", Redistributable: true)),
    ];

    [Theory]
    [MemberData(nameof(Events))]
    public void Every_lifecycle_event_round_trips_through_its_wire_form(IModEvent lifecycleEvent)
    {
        var wire = ModEventWire.ToWire(lifecycleEvent);

        Assert.Equal(lifecycleEvent.GetType().Name, wire.Attributes["Event"]);
        Assert.Equal(lifecycleEvent.Game.Value, wire.Attributes["GameId"]);
        Assert.Equal("A", wire.Attributes["ModIdentifier"]);
        Assert.Equal("A", wire.GroupId);
        Assert.Equal(wire.DeduplicationId, ModEventWire.ToWire(lifecycleEvent).DeduplicationId);

        var back = ModEventWire.FromWire(wire);
        Assert.Equal(lifecycleEvent.GetType(), back.GetType());
        // Records with lists compare lists by reference: compare the re-encoded bodies instead.
        Assert.Equal(wire.Body, ModEventWire.ToWire(back).Body);
        Assert.Equal(lifecycleEvent.Time, back.Time);
    }

    [Fact]
    public void Every_lifecycle_event_type_has_a_round_trip_sample()
    {
        var sampled = Samples.Select(x => x.GetType()).ToHashSet();
        var declared = typeof(IModEvent).Assembly.GetTypes()
            .Where(t => t is { IsClass: true, IsAbstract: false } && typeof(IModEvent).IsAssignableFrom(t));
        Assert.All(declared, t => Assert.Contains(t, sampled));
    }

    [Fact]
    public void An_unknown_event_name_is_rejected_naming_the_attribute()
    {
        var wire = new WireMessage("{}", new Dictionary<string, string> { ["Event"] = "ModExploded" }, "A", "d");
        var error = Assert.Throws<WireFormatException>(() => ModEventWire.FromWire(wire));
        Assert.Equal("Event", error.Field);
    }
}
