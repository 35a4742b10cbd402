namespace NetKAN.Bus.Services.Roles;

/// <summary>Every role the <c>netkan</c> executable knows. One line per role.</summary>
public static class RoleCatalog
{
    public static IReadOnlyList<INetkanRole> All { get; } =
    [
        new InflatorRole(),
        new IndexerRole(),
        new SchedulerRole(),
        new WebhooksRole(),
        new DashboardRole(),
        new MirrorerRole(),
        new DownloadCounterRole(),
        new TicketCloserRole(),
        new SpaceDockAdderRole(),
        new AutoFreezerRole(),
        new StatusDumperRole(),
        new CacheCleanerRole(),
    ];

    public static INetkanRole Find(string name) =>
        All.FirstOrDefault(x => string.Equals(x.Name, name, StringComparison.OrdinalIgnoreCase))
        ?? throw new ArgumentException(
            $"Unknown role '{name}'. Known roles: {string.Join(", ", All.Select(x => x.Name))}", nameof(name));
}
