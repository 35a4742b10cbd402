using Microsoft.Extensions.DependencyInjection;
using NetKAN.Bus.Services.Scheduler;
using NetKAN.Bus.Services.Tests.Support;

namespace NetKAN.Bus.Services.Tests.Scheduler;

/// <summary>
/// The setup the corpus scheduling tests share: a fake GitHub and a host with the scheduler role on the class's shared
/// corpus repositories, started before each test and stopped after it.
/// </summary>
public abstract class CorpusSchedulerTest(CorpusRepositoriesFixture corpus) : IClassFixture<CorpusRepositoriesFixture>, IAsyncLifetime
{
    protected const string Inbound = "Inbound.fifo";

    protected CorpusRepositoriesFixture Repositories => corpus;

    protected FakeGitHub GitHubApi { get; private set; } = null!;

    protected ServicesHarness Harness { get; private set; } = null!;

    protected SchedulingPass Pass => Harness.Services.GetRequiredService<SchedulingPass>();

    /// <summary>Settings a test class adds to the shared repositories' configuration.</summary>
    protected virtual void Configure(Dictionary<string, string?> configuration)
    {
    }

    public async Task InitializeAsync()
    {
        GitHubApi = await FakeGitHub.StartAsync();
        var configuration = corpus.Shared.Configuration(GitHubApi);
        Configure(configuration);
        Harness = await ServicesHarness.StartAsync(corpus.Shared.DataDir, configuration, "scheduler");
    }

    public async Task DisposeAsync()
    {
        await Harness.DisposeAsync();
        await GitHubApi.DisposeAsync();
    }
}
