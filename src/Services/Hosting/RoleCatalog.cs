namespace NetKAN.Bus.Services.Hosting;

/// <summary>Every role the <c>netkan</c> executable knows. One line per role.</summary>
public static class RoleCatalog
{
    public static IReadOnlyList<INetkanRole> All { get; } =
    [
        new Inflation.InflatorRole(),
        new Indexer.IndexerRole(),
        new Scheduler.SchedulerRole(),
        new Web.WebhooksRole(),
        new Web.DashboardRole(),
        new Mirrorer.MirrorerRole(),
        new DownloadCounter.DownloadCounterRole(),
        new TicketCloser.TicketCloserRole(),
        new SpaceDockAdder.SpaceDockAdderRole(),
        new AutoFreezer.AutoFreezerRole(),
        new Status.StatusDumperRole(),
        new CacheCleaner.CacheCleanerRole(),
    ];

    public static INetkanRole Find(string name) =>
        All.FirstOrDefault(x => string.Equals(x.Name, name, StringComparison.OrdinalIgnoreCase))
        ?? throw new ArgumentException(
            $"Unknown role '{name}'. Known roles: {string.Join(", ", All.Select(x => x.Name))}", nameof(name));
}
