namespace NetKAN.Bus.Webhooks.Dashboard;

/// <summary>The saga's state names as words, URL slugs and a tone for the badge colour.</summary>
public static class StateLabels
{
    public sealed record Label(string State, string Text, string Slug, string Tone);

    public static IReadOnlyList<Label> All { get; } =
    [
        new("Requested", "requested", "requested", "pending"),
        new("Inflated", "inflated", "inflated", "pending"),
        new("InflationFailedState", "inflation failed", "inflation-failed", "bad"),
        new("Indexed", "indexed", "indexed", "good"),
        new("Unchanged", "unchanged", "unchanged", "good"),
        new("Staged", "staged", "staged", "pending"),
        new("IndexingFailedState", "indexing failed", "indexing-failed", "bad"),
        new("Mirrored", "mirrored", "mirrored", "good"),
        new("MirrorSkippedState", "mirror skipped", "mirror-skipped", "good"),
        new("MirrorFailedState", "mirror failed", "mirror-failed", "bad"),
        new("Frozen", "frozen", "frozen", "muted"),
        new("Active", "active", "active", "good"),
    ];

    private static readonly Dictionary<string, Label> ByState = All.ToDictionary(x => x.State, StringComparer.Ordinal);
    private static readonly Dictionary<string, Label> BySlug = All.ToDictionary(x => x.Slug, StringComparer.OrdinalIgnoreCase);

    public static Label For(string state) =>
        ByState.TryGetValue(state, out var label) ? label : new Label(state, state.ToLowerInvariant(), state.ToLowerInvariant(), "muted");

    public static Label? FromSlug(string? slug) =>
        slug is not null && BySlug.TryGetValue(slug, out var label) ? label : null;
}
