using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Time.Testing;
using NetKAN.Bus.Contracts.Games;
using NetKAN.Bus.Sagas.Health;
using NetKAN.Bus.Services.Scheduler;
using NetKAN.Bus.Services.Tests.Support;
using NetKAN.Bus.TestSupport;

namespace NetKAN.Bus.Services.Tests.Scheduler;

/// <summary>The scheduler role on its cron schedules, with time under the test's control.</summary>
public sealed class SchedulerServiceTests : IAsyncLifetime
{
    private static readonly DateTimeOffset Start = new(2026, 8, 1, 11, 50, 0, TimeSpan.Zero);
    private readonly TempDir _dir = new("netkan-cron");
    private readonly FakeTimeProvider _time = new(Start);
    private FakeGitHub _gitHub = null!;
    private ServicesHarness _host = null!;

    public async Task InitializeAsync()
    {
        var netkan = GitRepos.CreateBare(_dir.Combine("NetKAN.git"), new Dictionary<string, string>
        {
            ["NetKAN/Regular.netkan"] = "identifier: Regular\n$kref: '#/ckan/github/a/b'\n",
            ["NetKAN/Hooked.netkan"] = "identifier: Hooked\n$kref: '#/ckan/spacedock/1'\n",
        });
        var ckanMeta = GitRepos.CreateBare(_dir.Combine("CKAN-meta.git"), new Dictionary<string, string>
        {
            ["Regular/Regular-1.0.ckan"] = CkanSamples.Ckan("Regular", "1.0"),
        });
        _gitHub = await FakeGitHub.StartAsync();
        _host = await ServicesHarness.StartAsync(_dir.Combine("data"), new Dictionary<string, string?>
        {
            ["Repos:ksp:NetKan:Remote"] = netkan,
            ["Repos:ksp:CkanMeta:Remote"] = ckanMeta,
            ["GitHub:ApiUrl"] = _gitHub.Url,
            ["Scheduler:Cron"] = "*/30 * * * *",
            ["Scheduler:WebhooksCron"] = "0 3 * * *",
        }, services => services.AddSingleton<TimeProvider>(_time), "scheduler");
    }

    public async Task DisposeAsync()
    {
        await _host.DisposeAsync();
        await _gitHub.DisposeAsync();
        _dir.Dispose();
    }

    [Fact]
    public async Task The_regular_pass_runs_on_its_cron_schedule_and_the_webhooks_pass_on_its_own()
    {
        var runs = _host.Services.GetRequiredService<ISchedulerRunLog>();

        // The loops start in the background after the host has: advance the clock only once the regular loop has
        // armed its timer for 12:00 (advanced earlier, it would first compute 12:30).
        var scheduler = _host.Services.GetServices<IHostedService>().OfType<SchedulerService>().Single();
        for (var i = 0; i < 600 && scheduler.NextPass(GameId.Ksp, SchedulerGroup.NonHooks) is null; i++)
        {
            await Task.Delay(50);
        }
        Assert.Equal(Start.AddMinutes(10), scheduler.NextPass(GameId.Ksp, SchedulerGroup.NonHooks));
        Assert.Empty(await runs.RecentAsync(GameId.Ksp, 10, default));

        _time.Advance(TimeSpan.FromMinutes(10)); // 12:00
        var first = await WaitForRunsAsync(runs, 1);
        Assert.Equal(("nonhooks", 1), (first[0].Group, first[0].Sent));
        Assert.Equal(Start.AddMinutes(10), first[0].Time);
        Assert.Equal("Regular", CorpusRepositoriesFixture.Drain(_host, "Inbound.fifo").Single().Identifier);

        // The loop re-arms its timer after the pass and its status updates: once it has, 12:30 is the next run.
        for (var i = 0; i < 600 && scheduler.NextPass(GameId.Ksp, SchedulerGroup.NonHooks) != Start.AddMinutes(40); i++)
        {
            await Task.Delay(50);
        }
        Assert.Equal(Start.AddMinutes(40), scheduler.NextPass(GameId.Ksp, SchedulerGroup.NonHooks));
        _time.Advance(TimeSpan.FromMinutes(30));
        var later = await WaitForRunsAsync(runs, 2);
        Assert.All(later, x => Assert.Equal("nonhooks", x.Group)); // the 03:00 webhooks pass is not due yet
        Assert.Equal(Start.AddMinutes(40), later[0].Time);
    }

    private static async Task<IReadOnlyList<SchedulerRun>> WaitForRunsAsync(ISchedulerRunLog runs, int count)
    {
        for (var i = 0; i < 600; i++)
        {
            var recent = await runs.RecentAsync(GameId.Ksp, 10, default);
            if (recent.Count >= count)
            {
                return recent;
            }
            await Task.Delay(50);
        }
        throw new TimeoutException($"Expected {count} scheduler runs");
    }
}
