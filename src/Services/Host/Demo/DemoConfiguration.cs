namespace NetKAN.Bus.Services.Demo;

/// <summary>
/// Configuration that points every stage at the demo's local parts: upstream APIs and downloads at the fake
/// upstream, the game's repositories at the workspace, the status rows in the workspace's SQLite file.
/// </summary>
public static class DemoConfiguration
{
    public static Dictionary<string, string?> For(DemoWorkspace workspace, string upstreamUrl) => new()
    {
        ["Upstreams:SpaceDock"] = upstreamUrl,
        ["Upstreams:GitHubApi"] = upstreamUrl,
        ["Upstreams:GitHub"] = upstreamUrl,
        ["GitHub:ApiUrl"] = upstreamUrl,
        ["GitHub:Token"] = "demo-token",
        ["Inflator:CacheDir"] = workspace.CacheDir,
        ["Inflator:RemoteAvc"] = "false",
        ["Repos:ksp:NetKan:Path"] = workspace.NetKanRepo,
        ["Repos:ksp:NetKan:Remote"] = workspace.NetKanRemote,
        ["Repos:ksp:NetKan:GitHubRepo"] = "KSP-CKAN/NetKAN",
        ["Repos:ksp:CkanMeta:Path"] = workspace.CkanMetaRepo,
        ["Repos:ksp:CkanMeta:Remote"] = workspace.CkanMetaRemote,
        ["Repos:ksp:CkanMeta:GitHubRepo"] = "KSP-CKAN/CKAN-meta",
        ["Status:SqlitePath"] = workspace.StatusDatabase,
        // Mirroring: the indexer asks for it (no GitHub push webhook here) and the fake upstream is the Internet Archive.
        ["Indexer:RequestMirroring"] = "true",
        ["Upstreams:ArchiveS3"] = upstreamUrl,
        ["Upstreams:Archive"] = upstreamUrl,
        ["Upstreams:ArchiveViews"] = upstreamUrl,
        ["Archive:AccessKey"] = "demo-access",
        ["Archive:SecretKey"] = "demo-secret",
        ["StatusDumper:Folder"] = workspace.StatusDir,
        // Every handled message, so `netkan replay DIR/journal.jsonl --expect DIR/status/netkan.json` can check the run.
        ["Journal:Path"] = Path.Combine(workspace.Root, "journal.jsonl"),
        // The demo runs its one pass itself; keep the timers from firing while it runs.
        ["Scheduler:Cron"] = "0 0 1 1 *",
        ["Scheduler:WebhooksCron"] = "0 0 1 1 *",
        ["Transport:InMemory:RetryDelay"] = "00:00:00.200",
        ["Transport:InMemory:MaxAttempts"] = "3",
    };
}
