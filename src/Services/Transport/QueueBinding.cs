using MassTransit;
using MassTransit.Transports;
using NetKAN.Bus.Contracts.Lifecycle;
using NetKAN.Bus.Contracts.Wire;
using NetKAN.Bus.Contracts.Games;

namespace NetKAN.Bus.Services.Transport;

/// <summary>
/// Which contract a queue carries and which MassTransit consumer handles it in this process.
/// </summary>
public sealed class QueueBinding
{
    private QueueBinding(string queue, Type contractType, GameId fallbackGame,
        Func<WireMessage, object> decode,
        Func<IReceiveEndpointDispatcherFactory, string, IReceiveEndpointDispatcher> createReceiver,
        Func<WireFormatException, GameId, DateTimeOffset, IModEvent?> badMessageEvent,
        Func<object, string> groupOf)
    {
        GroupOf = groupOf;
        Queue = queue;
        ContractType = contractType;
        FallbackGame = fallbackGame;
        Decode = decode;
        CreateReceiver = createReceiver;
        BadMessageEvent = badMessageEvent;
    }

    public string Queue { get; }

    public Type ContractType { get; }

    /// <summary>The game a message belongs to when its GameId attribute is missing or unknown
    /// (the queue's own game for inflation queues; ksp elsewhere, as the original's status defaults).</summary>
    public GameId FallbackGame { get; }

    internal Func<WireMessage, object> Decode { get; }

    internal Func<IReceiveEndpointDispatcherFactory, string, IReceiveEndpointDispatcher> CreateReceiver { get; }

    /// <summary>The lifecycle event that records a message which can never be handled (bad wire format).</summary>
    internal Func<WireFormatException, GameId, DateTimeOffset, IModEvent?> BadMessageEvent { get; }

    /// <summary>The message's game: its GameId attribute, or <see cref="FallbackGame"/> when that is missing or unknown.</summary>
    public GameId GameOf(WireMessage message) =>
        GameId.TryParse(message.Attribute(WireAttributes.GameId), out var game) ? game.Value : FallbackGame;

    /// <summary>The FIFO group of a decoded contract: the mod it is about, for every contract that has one.</summary>
    internal Func<object, string> GroupOf { get; }

    public static QueueBinding For<TContract, TConsumer>(string queue, GameId fallbackGame,
        Func<WireFormatException, GameId, DateTimeOffset, IModEvent?> badMessageEvent)
        where TContract : class, IWireContract<TContract>
        where TConsumer : class, IConsumer<TContract> =>
        new(queue, typeof(TContract), fallbackGame,
            message => TContract.FromWire(message),
            (factory, name) => factory.CreateConsumerReceiver<TConsumer>(name),
            badMessageEvent,
            contract => ((TContract)contract).ToWire().GroupId);
}
