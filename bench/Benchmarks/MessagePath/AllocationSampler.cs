using System.Collections.Concurrent;
using System.Diagnostics.Tracing;

namespace NetKAN.Bus.Benchmarks.MessagePath;

/// <summary>
/// Which types a benchmark allocates most, from the runtime's GC AllocationTick events (one per ~100 KB allocated,
/// naming the type that crossed the mark): a sampled profile, enough to rank the big allocators.
/// Used by <c>message-path --allocations</c>.
/// </summary>
public sealed class AllocationSampler : EventListener
{
    private const EventKeywords GcKeyword = (EventKeywords)0x1;
    private readonly ConcurrentDictionary<string, long> _bytesByType = new(StringComparer.Ordinal);
    private volatile bool _recording;

    public void Start() => _recording = true;

    public void Stop() => _recording = false;

    protected override void OnEventSourceCreated(EventSource source)
    {
        if (source.Name == "Microsoft-Windows-DotNETRuntime")
        {
            EnableEvents(source, EventLevel.Verbose, GcKeyword);
        }
    }

    protected override void OnEventWritten(EventWrittenEventArgs e)
    {
        if (!_recording || e.EventName is null || !e.EventName.StartsWith("GCAllocationTick", StringComparison.Ordinal)
            || e.PayloadNames is null)
        {
            return;
        }
        var type = e.Payload![e.PayloadNames.IndexOf("TypeName")] as string ?? "?";
        var amount = Convert.ToInt64(e.Payload[e.PayloadNames.IndexOf("AllocationAmount64")]);
        _bytesByType.AddOrUpdate(type, amount, (_, total) => total + amount);
    }

    public void Print(TextWriter output, int messages, int top = 25)
    {
        var total = _bytesByType.Values.Sum();
        output.WriteLine($"# allocated ≈ {total / 1024.0 / messages:0.0} KB per message (sampled), top types:");
        foreach (var (type, bytes) in _bytesByType.OrderByDescending(x => x.Value).Take(top))
        {
            output.WriteLine($"#   {bytes * 100.0 / total,5:0.0}%  {bytes / 1024.0 / messages,7:0.00} KB/msg  {type}");
        }
    }
}
