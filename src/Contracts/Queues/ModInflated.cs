using NetKAN.Bus.Contracts.Wire;
using NetKAN.Bus.Contracts.Games;

namespace NetKAN.Bus.Contracts.Queues;

/// <summary>
/// Result of one inflation, on the outbound queue (<c>Outbound.fifo</c>) for the Indexer.
/// Wire: body = the .ckan JSON (<c>{}</c> on failure); attributes <c>ModIdentifier</c>, <c>GameId</c>,
/// <c>Staged</c>, <c>Success</c>, <c>CheckTime</c>, <c>FileName</c>, and when present <c>ErrorMessage</c>,
/// <c>WarningMessages</c> (one per line), <c>StagingReason</c>.
/// We read what every producer sends (the original Inflator writes <c>KSP</c>, <c>True</c> and
/// <c>./Mod-1.0.ckan</c>) and write the canonical form (<c>ksp</c>, <c>True</c>, <c>Mod-1.0.ckan</c>).
/// </summary>
public sealed record ModInflated(
    string Identifier,
    GameId Game,
    bool Success,
    DateTimeOffset CheckTime,
    string Ckan = "{}",
    string? FileName = null,
    bool Staged = false,
    string? StagingReason = null,
    string? ErrorMessage = null,
    IReadOnlyList<string>? Warnings = null) : IWireContract<ModInflated>
{
    public const string EmptyBody = "{}";

    public IReadOnlyList<string> Warnings { get; init; } = Warnings ?? [];

    public WireMessage ToWire() => new(
        Ckan,
        WireValues.Attributes(
            (WireAttributes.ModIdentifier, Identifier),
            (WireAttributes.GameId, Game.Value),
            (WireAttributes.Staged, WireValues.FormatBool(Staged)),
            (WireAttributes.Success, WireValues.FormatBool(Success)),
            (WireAttributes.CheckTime, WireValues.FormatTime(CheckTime)),
            (WireAttributes.FileName, FileName),
            (WireAttributes.ErrorMessage, ErrorMessage),
            (WireAttributes.WarningMessages, Warnings.Count > 0 ? string.Join("\r\n", Warnings) : null),
            (WireAttributes.StagingReason, Staged ? StagingReason : null)),
        Identifier,
        WireValues.StableId(Identifier, Game.Value, FileName, WireValues.FormatTime(CheckTime), Success.ToString()));

    public static ModInflated FromWire(WireMessage message)
    {
        var identifier = WireValues.Identifier(WireValues.Required(message, WireAttributes.ModIdentifier), WireAttributes.ModIdentifier);
        var body = WireValues.Body(message, identifier);
        var success = WireValues.Bool(message, WireAttributes.Success, identifier);
        var fileName = WireValues.Optional(message, WireAttributes.FileName);
        if (success && fileName is null)
        {
            throw new WireFormatException(WireAttributes.FileName, "attribute is missing on a successful inflation", identifier);
        }
        return new ModInflated(
            identifier,
            WireValues.Game(message, identifier),
            success,
            WireValues.Time(message, WireAttributes.CheckTime, identifier),
            string.IsNullOrWhiteSpace(body) ? EmptyBody : body,
            fileName is null ? null : WireValues.BaseName(fileName),
            WireValues.Bool(message, WireAttributes.Staged, identifier),
            WireValues.Optional(message, WireAttributes.StagingReason),
            WireValues.Optional(message, WireAttributes.ErrorMessage),
            WireValues.Lines(WireValues.Optional(message, WireAttributes.WarningMessages)));
    }
}
