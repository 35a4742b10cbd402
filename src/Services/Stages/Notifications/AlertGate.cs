namespace NetKAN.Bus.Services.Notifications;

/// <summary>
/// Decides which alerts go out: the same kind and text only once per window (de-duplication), at most N per minute
/// (a sliding window; alerts over the limit are counted, not queued, so a storm cannot delay later alerts for long).
/// </summary>
public sealed class AlertGate(int maxPerMinute, TimeSpan duplicateWindow, TimeProvider time)
{
    private readonly Dictionary<string, DateTimeOffset> _lastSent = new(StringComparer.Ordinal);
    private readonly Queue<DateTimeOffset> _recent = new();
    private readonly Lock _lock = new();

    /// <summary>Alerts dropped by the rate limit since the last one that went out.</summary>
    public int Suppressed { get; private set; }

    /// <summary>True when the alert should be sent now; <paramref name="suppressedBefore"/> is how many were dropped
    /// for the rate limit since the previous sent alert (to report them).</summary>
    public bool Admit(string key, out int suppressedBefore)
    {
        suppressedBefore = 0;
        var now = time.GetUtcNow();
        lock (_lock)
        {
            if (_lastSent.TryGetValue(key, out var last) && now - last < duplicateWindow)
            {
                return false;
            }
            while (_recent.Count > 0 && now - _recent.Peek() >= TimeSpan.FromMinutes(1))
            {
                _recent.Dequeue();
            }
            if (_recent.Count >= Math.Max(1, maxPerMinute))
            {
                Suppressed++;
                return false;
            }
            _recent.Enqueue(now);
            _lastSent[key] = now;
            foreach (var stale in _lastSent.Where(x => now - x.Value >= duplicateWindow).Select(x => x.Key).ToList())
            {
                _lastSent.Remove(stale);
            }
            suppressedBefore = Suppressed;
            Suppressed = 0;
            return true;
        }
    }
}
