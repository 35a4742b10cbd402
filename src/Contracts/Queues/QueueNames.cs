using NetKAN.Bus.Contracts.Games;

namespace NetKAN.Bus.Contracts.Queues;

/// <summary>
/// Queue names are configuration (section <c>Queues</c>). Defaults are the production names; the dev stack
/// uses <c>InboundDevKsp.fifo</c>, <c>OutboundDev.fifo</c>, … through configuration.
/// </summary>
public sealed class QueueNames
{
    public const string Section = "Queues";

    /// <summary>Inflation queue per game id.</summary>
    public Dictionary<string, string> Inflation { get; set; } = new(StringComparer.OrdinalIgnoreCase)
    {
        ["ksp"] = "Inbound.fifo",
        ["ksp2"] = "InboundKsp2.fifo",
    };

    public string Outbound { get; set; } = "Outbound.fifo";
    public string Mirroring { get; set; } = "Mirroring.fifo";
    public string Adding { get; set; } = "Adding.fifo";

    public string InflationFor(GameId game) =>
        Inflation.TryGetValue(game.Value, out var name)
            ? name
            : throw new InvalidOperationException($"No inflation queue configured for game '{game}' (Queues:Inflation:{game}).");

    /// <summary>The queue a contract travels on.</summary>
    public string For(object message) => message switch
    {
        InflateMod inflate => InflationFor(inflate.Game),
        ModInflated => Outbound,
        MirrorMod => Mirroring,
        AddMod => Adding,
        _ => throw new ArgumentException($"{message.GetType().Name} is not a queue contract", nameof(message)),
    };
}
