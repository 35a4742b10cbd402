namespace NetKAN.Bus.Contracts.Wire;

/// <summary>A queue message record that knows its own wire form (both directions live next to the record).</summary>
public interface IWireContract<TSelf>
    where TSelf : IWireContract<TSelf>
{
    WireMessage ToWire();

    static abstract TSelf FromWire(WireMessage message);
}
