using Microsoft.Extensions.DependencyInjection;
using NetKAN.Bus.Contracts.Queues;
using NetKAN.Bus.Metadata.Games;

namespace NetKAN.Bus.Services.Demo;

/// <summary>The demo's one scheduling pass.</summary>
public static class DemoScheduling
{
    public static async Task<int> RunPassAsync(IServiceProvider services, CancellationToken cancellationToken)
    {
        var sender = services.GetRequiredService<ContractSender>();
        var requests = SampleMods.All.Select(m => new InflateMod(GameId.Ksp, m.NetkanFileText)).ToList();
        await sender.SendManyAsync(requests, cancellationToken);
        return requests.Count;
    }
}
