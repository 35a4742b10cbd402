using System.CommandLine;
using NetKAN.Bus.Contracts.Games;
using NetKAN.Bus.Sagas.Health;
using NetKAN.Bus.Services.Cli;
using NetKAN.Bus.TestSupport;

namespace NetKAN.Bus.Services.Tests.Cli;

/// <summary>Tests that set process environment variables run alone.</summary>
[CollectionDefinition(nameof(EnvironmentCollection), DisableParallelization = true)]
public sealed class EnvironmentCollection;

/// <summary><c>netkan schedule</c>: configured like any process (environment variables here), one pass, a summary line.</summary>
[Collection(nameof(EnvironmentCollection))]
public sealed class ScheduleCommandTests : IDisposable
{
    private readonly TempDir _dir = new("netkan-schedule-cli");
    private readonly Dictionary<string, string> _environment = [];

    public void Dispose()
    {
        foreach (var name in _environment.Keys)
        {
            Environment.SetEnvironmentVariable(name, null);
        }
        _dir.Dispose();
    }

    [Fact]
    public async Task Schedule_runs_one_pass_of_the_group_prints_what_it_sent_and_records_the_run()
    {
        Set("Repos__ksp__NetKan__Remote", GitRepos.CreateBare(_dir.Combine("NetKAN.git"), new Dictionary<string, string>
        {
            ["NetKAN/Regular.netkan"] = "identifier: Regular\n$kref: '#/ckan/github/a/b'\n",
            ["NetKAN/Hooked.netkan"] = "identifier: Hooked\n$kref: '#/ckan/spacedock/1'\n",
            ["NetKAN/Other.netkan"] = "identifier: Other\n$kref: '#/ckan/spacedock/2'\n",
        }));
        Set("Repos__ksp__CkanMeta__Remote", GitRepos.CreateBare(_dir.Combine("CKAN-meta.git"), new Dictionary<string, string>
        {
            ["Regular/Regular-1.0.ckan"] = CkanSamples.Ckan("Regular", "1.0"),
        }));
        Set("Scheduler__MinGitHubRemaining", "0");
        var output = new StringWriter();
        var dataDir = _dir.Combine("data");

        var exit = await NetkanCli.Create()
            .Parse(["schedule", "--game", "KSP", "--group", "webhooks", "--data-dir", dataDir])
            .InvokeAsync(new InvocationConfiguration { Output = output });

        Assert.Equal(0, exit);
        Assert.StartsWith("Sent 2 inflation requests for ksp (webhooks)", output.ToString());
        var runs = await new SqliteSchedulerRunLog(Path.Combine(dataDir, "status.db")).RecentAsync(GameId.Ksp, 5, default);
        Assert.Equal(("webhooks", 2, false), (runs.Single().Group, runs.Single().Sent, runs.Single().Skipped));
    }

    [Fact]
    public async Task An_unknown_group_is_refused_with_a_clear_message()
    {
        var error = new StringWriter();

        var exit = await NetkanCli.Create()
            .Parse(["schedule", "--game", "ksp", "--group", "sometimes"])
            .InvokeAsync(new InvocationConfiguration { Output = new StringWriter(), Error = error });

        Assert.NotEqual(0, exit);
        Assert.Contains("'sometimes'", error.ToString());
        Assert.Contains("nonhooks", error.ToString());
    }

    private void Set(string name, string value)
    {
        _environment[name] = value;
        Environment.SetEnvironmentVariable(name, value);
    }
}
