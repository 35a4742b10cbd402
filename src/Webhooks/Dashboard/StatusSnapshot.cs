using System.Collections.Concurrent;
using System.Text;
using NetKAN.Bus.Contracts.Games;
using NetKAN.Bus.Sagas.Health;
using NetKAN.Bus.Sagas.Status;

namespace NetKAN.Bus.Webhooks.Dashboard;

/// <summary>A waiting-message count of one configured queue; null when the transport cannot tell.</summary>
public sealed record QueueDepthReading(string Queue, int? Depth);

/// <summary>
/// One read of the status store with everything the pages need, plus the pages and files already rendered from it.
/// Immutable once taken; replaced every few seconds by <see cref="StatusSnapshots"/>.
/// </summary>
public sealed class StatusSnapshot
{
    /// <summary>Renders kept per snapshot; the long tail of unusual filter combinations is rendered on demand.</summary>
    private const int MaxRenders = 64;

    private readonly ConcurrentDictionary<string, Lazy<RenderedBody>> _renders = new(StringComparer.Ordinal);

    public StatusSnapshot(DateTimeOffset taken, IReadOnlyList<ModState> states, IReadOnlyList<SchedulerRun> runs,
        IReadOnlyList<QueueDepthReading> queues)
    {
        Taken = taken;
        States = states;
        Runs = runs;
        Queues = queues;
        Rows = states.Select(x => new ModRow(x)).ToList();
    }

    public DateTimeOffset Taken { get; }

    public IReadOnlyList<ModState> States { get; }

    public IReadOnlyList<ModRow> Rows { get; }

    /// <summary>Recent scheduling passes of every game, newest first.</summary>
    public IReadOnlyList<SchedulerRun> Runs { get; }

    public IReadOnlyList<QueueDepthReading> Queues { get; }

    public IEnumerable<ModRow> RowsOf(GameId? game) => game is null ? Rows : Rows.Where(x => x.Game == game.Value.Value);

    /// <summary>The original status file of a game, serialized once per snapshot.</summary>
    public RenderedBody StatusFile(GameId game) => Rendered(StatusFileKey(game), () => StatusJson.Write(States, game));

    private static string StatusFileKey(GameId game) => "status:" + game.Value;

    /// <summary>
    /// Renders up front the status files clients read from <paramref name="previous"/> (in the forms they read), so
    /// that once this snapshot replaces it no request waits for a 4,000-mod render. Called before it is served.
    /// </summary>
    public void RenderAhead(StatusSnapshot previous)
    {
        foreach (var game in GameId.All)
        {
            if (previous._renders.TryGetValue(StatusFileKey(game), out var served) && served.IsValueCreated)
            {
                var body = StatusFile(game);
                if (served.Value.GzipMade)
                {
                    _ = body.Gzip;
                }
            }
        }
    }

    /// <summary>
    /// A page or file for a key, rendered once per snapshot: requests arriving while it renders wait for that one
    /// render instead of all rendering the same 2 MB page at once. Past <see cref="MaxRenders"/> distinct keys
    /// (unusual filter combinations), pages are rendered per request and not kept.
    /// </summary>
    public RenderedBody Rendered(string key, Func<string> render)
    {
        if (_renders.TryGetValue(key, out var cached))
        {
            return cached.Value;
        }
        var fresh = new Lazy<RenderedBody>(() => new RenderedBody(Encoding.UTF8.GetBytes(render())));
        return _renders.Count < MaxRenders ? _renders.GetOrAdd(key, fresh).Value : fresh.Value;
    }
}
