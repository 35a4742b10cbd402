namespace NetKAN.Bus.Sagas.Status;

/// <summary>
/// The one list of the ModLifecycle saga's states: the name stored on the row (<see cref="ModState.CurrentState"/>),
/// the words users read, a URL slug, a tone for the badge colour, and whether the stage it names is finished.
/// Dashboards, the mod page and the demo summary all read it from here.
/// </summary>
public static class LifecycleStates
{
    public const string Initial = "Initial";
    public const string Requested = "Requested";
    public const string Inflated = "Inflated";
    public const string InflationFailed = "InflationFailed";
    public const string Indexed = "Indexed";
    public const string Unchanged = "Unchanged";
    public const string Staged = "Staged";
    public const string IndexingFailed = "IndexingFailed";
    public const string Mirrored = "Mirrored";
    public const string MirrorSkipped = "MirrorSkipped";
    public const string MirrorFailed = "MirrorFailed";
    public const string Frozen = "Frozen";
    public const string Active = "Active";

    /// <param name="Name">Stored on the row.</param>
    /// <param name="Text">What users read.</param>
    /// <param name="Slug">In dashboard URLs (<c>?state=</c>).</param>
    /// <param name="Tone">Badge colour: good, bad, pending, muted.</param>
    /// <param name="Finished">True when no stage result is expected in this state (a mod may still await a mirror;
    /// see <see cref="ModState.Awaiting"/>).</param>
    public sealed record Label(string Name, string Text, string Slug, string Tone, bool Finished);

    public static IReadOnlyList<Label> All { get; } =
    [
        new(Requested, "requested", "requested", "pending", false),
        new(Inflated, "inflated", "inflated", "pending", false),
        new(InflationFailed, "inflation failed", "inflation-failed", "bad", true),
        new(Indexed, "indexed", "indexed", "good", true),
        new(Unchanged, "unchanged", "unchanged", "good", true),
        new(Staged, "staged", "staged", "pending", true),
        new(IndexingFailed, "indexing failed", "indexing-failed", "bad", true),
        new(Mirrored, "mirrored", "mirrored", "good", true),
        new(MirrorSkipped, "mirror skipped", "mirror-skipped", "good", true),
        new(MirrorFailed, "mirror failed", "mirror-failed", "bad", true),
        new(Frozen, "frozen", "frozen", "muted", true),
        new(Active, "active", "active", "good", true),
    ];

    private static readonly Dictionary<string, Label> ByName = All.ToDictionary(x => x.Name, StringComparer.Ordinal);

    /// <summary>Rows written before the states were renamed carry a <c>State</c> suffix on four names.</summary>
    private static readonly Dictionary<string, string> Legacy = new(StringComparer.Ordinal)
    {
        ["InflationFailedState"] = InflationFailed,
        ["IndexingFailedState"] = IndexingFailed,
        ["MirrorSkippedState"] = MirrorSkipped,
        ["MirrorFailedState"] = MirrorFailed,
    };

    /// <summary>The current name of a stored state (old rows keep loading).</summary>
    public static string Normalize(string name) => Legacy.GetValueOrDefault(name, name);

    public static Label For(string name) =>
        ByName.TryGetValue(Normalize(name), out var label)
            ? label
            : new Label(name, name.ToLowerInvariant(), name.ToLowerInvariant(), "muted", false);
}
