using NetKAN.Bus.Sagas.Status;

namespace NetKAN.Bus.Webhooks.Dashboard;

/// <summary>One line of the dashboard table, computed once per snapshot from a status row.</summary>
public sealed class ModRow
{
    public ModRow(ModState state)
    {
        State = state;
        Identifier = state.Identifier;
        Game = state.GameId;
        Label = StateLabels.For(state.CurrentState);
        Meta = state.Resources.TryGetValue("metanetkan", out var meta) && !string.IsNullOrEmpty(meta);
        HasError = !string.IsNullOrEmpty(state.LastError);
        HasWarnings = !string.IsNullOrEmpty(state.LastWarnings);
        SearchText = string.Join('\n', state.Identifier, state.LastError, state.LastWarnings);
        SortKey = state.Identifier.ToLowerInvariant();
        ProblemKey = (state.LastError ?? state.LastWarnings ?? "").ToLowerInvariant();
        VersionKey = state.ModVersion?.ToLowerInvariant();
    }

    public ModState State { get; }

    public string Identifier { get; }

    public string Game { get; }

    public LifecycleStates.Label Label { get; }

    public bool Frozen => State.Frozen;

    /// <summary>A metanetkan (its netkan points at another repository's .netkan), as <c>resources.metanetkan</c> shows.</summary>
    public bool Meta { get; }

    public bool HasError { get; }

    public bool HasWarnings { get; }

    /// <summary>What the text search looks in: identifier, last error, last warnings.</summary>
    public string SearchText { get; }

    /// <summary>The identifier lowercased: the sort key of the Mod column and every tie.</summary>
    public string SortKey { get; }

    /// <summary>The error (or else the warnings) lowercased, for the Problems column.</summary>
    public string ProblemKey { get; }

    public string? VersionKey { get; }

    /// <summary>Errors first, then warnings, then the rest (the original's last_error sort).</summary>
    public int ProblemRank => HasError ? 0 : HasWarnings ? 1 : 2;
}
