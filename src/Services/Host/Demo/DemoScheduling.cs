using Microsoft.Extensions.DependencyInjection;
using NetKAN.Bus.Contracts.Games;
using NetKAN.Bus.Services.Scheduler;

namespace NetKAN.Bus.Services.Demo;

/// <summary>The demo's one scheduling pass: the real scheduler, over both groups.</summary>
public static class DemoScheduling
{
    public static async Task<int> RunPassAsync(IServiceProvider services, CancellationToken cancellationToken)
    {
        var pass = await services.GetRequiredService<SchedulingPass>().RunAsync(GameId.Ksp, SchedulerGroup.All, cancellationToken);
        return pass.Run.Skipped
            ? throw new InvalidOperationException($"The demo's scheduling pass was skipped: {pass.Run.Reason}")
            : pass.Run.Sent;
    }
}
