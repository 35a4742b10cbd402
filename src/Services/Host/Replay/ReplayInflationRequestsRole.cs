using System.Globalization;
using MassTransit;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using NetKAN.Bus.Contracts.Games;
using NetKAN.Bus.Contracts.Lifecycle;
using NetKAN.Bus.Contracts.Queues;
using NetKAN.Bus.Sagas.Recording;
using NetKAN.Bus.Services.Hosting;
using NetKAN.Bus.Services.Roles;
using NetKAN.Bus.Services.Transport;

namespace NetKAN.Bus.Services.Replay;

/// <summary>
/// In a replay, inflation requests are recorded as requested but not inflated again: a replay never contacts
/// upstream hosts, and the journal already holds the inflation results that followed.
/// </summary>
public sealed class ReplayInflationRequestsRole : INetkanRole
{
    public const string JournalTimeHeader = "JournalTime";

    public string Name => "replay-inflation-requests";

    public string Description => "Records journalled inflation requests without inflating.";

    public void AddServices(IServiceCollection services, IConfiguration configuration, HostSettings settings)
    {
    }

    public void AddConsumers(IBusRegistrationConfigurator bus) => bus.AddConsumer<RecordInflationRequestConsumer>();

    public IEnumerable<QueueBinding> Bindings(QueueNames queues) =>
        GameId.All
            .Where(game => queues.Inflation.ContainsKey(game.Value))
            .Select(game => QueueBinding.For<InflateMod, RecordInflationRequestConsumer>(queues.InflationFor(game), game,
                (e, g, time) => new InflationFailed(g, e.Identifier!, time, e.Message)));
}

public sealed class RecordInflationRequestConsumer(IModLifecycle lifecycle, TimeProvider time) : IConsumer<InflateMod>
{
    public Task Consume(ConsumeContext<InflateMod> context)
    {
        var request = context.Message;
        var when = DateTimeOffset.TryParse(context.Headers.Get<string>(ReplayInflationRequestsRole.JournalTimeHeader),
            CultureInfo.InvariantCulture, DateTimeStyles.AssumeUniversal, out var journalled) ? journalled : time.GetUtcNow();
        return lifecycle.RecordAsync(new InflationRequested(request.Game, request.Identifier ?? "unknown", when, "replay",
            request.HighestVersion, request.HighestVersionPrerelease), context.CancellationToken);
    }
}
