using MassTransit;
using NetKAN.Bus.Sagas.Status;

namespace NetKAN.Bus.Sagas.Persistence;

/// <summary>Someone else wrote the row first; the saga retry re-loads and re-applies the event.</summary>
public sealed class ModStateConcurrencyException : ConcurrencyException
{
    public ModStateConcurrencyException(string message, Guid correlationId)
        : base(message, typeof(ModState), correlationId)
    {
    }

    public ModStateConcurrencyException(string message, Guid correlationId, Exception inner)
        : base(message, typeof(ModState), correlationId, inner)
    {
    }
}
