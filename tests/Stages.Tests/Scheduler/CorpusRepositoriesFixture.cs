using LibGit2Sharp;
using NetKAN.Bus.Contracts.Queues;
using NetKAN.Bus.Contracts.Wire;
using NetKAN.Bus.Services.Tests.Support;
using NetKAN.Bus.TestSupport;

namespace NetKAN.Bus.Services.Tests.Scheduler;

/// <summary>
/// The real NetKAN (1,454 .netkan, 2,403 .frozen) and CKAN-meta (30,561 .ckan) as bare "remotes" private to this
/// test class, and working-copy paths the hosts clone into once and then reuse.
/// </summary>
public sealed class CorpusRepositoriesFixture : IDisposable
{
    private readonly TempDir _dir = new("netkan-scheduler");

    public CorpusRepositoriesFixture() => Shared = CreateSet("shared");

    /// <summary>Remotes and working copies the read-only tests share (nobody pushes to them).</summary>
    public RepositorySet Shared { get; }

    public string Temp(string name) => _dir.Combine(name);

    /// <summary>Fresh remotes and working-copy paths, for a test that pushes.</summary>
    public RepositorySet CreateSet(string name)
    {
        var set = new RepositorySet(_dir.Combine(name, "NetKAN.git"), _dir.Combine(name, "CKAN-meta.git"),
            _dir.Combine(name, "work", "NetKAN"), _dir.Combine(name, "work", "CKAN-meta"), _dir.Combine(name, "data"));
        Repository.Clone(CorpusGit.NetKanBare, set.NetKanRemote, new CloneOptions { IsBare = true });
        Repository.Clone(CorpusGit.CkanMetaBare, set.CkanMetaRemote, new CloneOptions { IsBare = true });
        return set;
    }

    /// <summary>Everything waiting on a queue of the harness (the scheduler host has no inflator to take them).</summary>
    public static List<InflateMod> Drain(ServicesHarness host, string queue)
    {
        var messages = new List<InflateMod>();
        while (host.InMemoryQueues.TryTake(queue, out var wire))
        {
            messages.Add(InflateMod.FromWire(wire));
        }
        return messages;
    }

    public static WireMessage Dummy(int i) => new InflateMod(Contracts.Games.GameId.Ksp, $"{{\"identifier\": \"Dummy{i}\"}}").ToWire();

    public void Dispose() => _dir.Dispose();
}

public sealed record RepositorySet(string NetKanRemote, string CkanMetaRemote, string NetKanWorkingCopy,
    string CkanMetaWorkingCopy, string DataDir)
{
    public Dictionary<string, string?> Configuration(FakeGitHub gitHub) => new()
    {
        ["Repos:ksp:NetKan:Remote"] = NetKanRemote,
        ["Repos:ksp:NetKan:Path"] = NetKanWorkingCopy,
        ["Repos:ksp:CkanMeta:Remote"] = CkanMetaRemote,
        ["Repos:ksp:CkanMeta:Path"] = CkanMetaWorkingCopy,
        ["GitHub:ApiUrl"] = gitHub.Url,
        ["Scheduler:RunOnSchedule"] = "false",
    };
}
