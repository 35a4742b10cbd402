using NetKAN.Bus.Sagas.Status;

namespace NetKAN.Bus.Webhooks.Dashboard;

/// <summary>The saga's states as the dashboard shows them; the words, slugs and tones live in <see cref="LifecycleStates"/>.</summary>
public static class StateLabels
{
    public static IReadOnlyList<LifecycleStates.Label> All => LifecycleStates.All;

    private static readonly Dictionary<string, LifecycleStates.Label> BySlug =
        LifecycleStates.All.ToDictionary(x => x.Slug, StringComparer.OrdinalIgnoreCase);

    public static LifecycleStates.Label For(string state) => LifecycleStates.For(state);

    public static LifecycleStates.Label? FromSlug(string? slug) =>
        slug is not null && BySlug.TryGetValue(slug, out var label) ? label : null;
}
