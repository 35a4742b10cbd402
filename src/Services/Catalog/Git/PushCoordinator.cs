namespace NetKAN.Bus.Services.Git;

/// <summary>
/// Group commit for pushes. Every commit gets a sequence number; a caller that needs its commit on the remote waits
/// with <see cref="WaitUntilPushedAsync"/>. One caller at a time pushes everything committed so far, so commits made
/// while a push is running (or while waiting for the push slot) all travel in the next single push. A caller returns
/// only once a push that contains its commit succeeded, and a failed push fails only the caller that ran it; the
/// others try again themselves.
/// </summary>
public sealed class PushCoordinator(Func<CancellationToken, Task<long>> pushEverything, TimeSpan linger, TimeProvider time)
{
    private readonly SemaphoreSlim _gate = new(1, 1);
    private long _pushed;

    /// <summary>The highest sequence number known to be on the remote.</summary>
    public long Pushed => Interlocked.Read(ref _pushed);

    /// <summary>Pushes performed (for logs and benchmarks).</summary>
    public int Pushes { get; private set; }

    public async Task WaitUntilPushedAsync(long sequence, CancellationToken cancellationToken)
    {
        while (Pushed < sequence)
        {
            await _gate.WaitAsync(cancellationToken).ConfigureAwait(false);
            try
            {
                if (Pushed >= sequence)
                {
                    return;
                }
                if (linger > TimeSpan.Zero)
                {
                    // Let commits of messages that arrived together catch up before we push.
                    await Task.Delay(linger, time, cancellationToken).ConfigureAwait(false);
                }
                var pushed = await pushEverything(cancellationToken).ConfigureAwait(false);
                Pushes++;
                if (pushed > Pushed)
                {
                    Interlocked.Exchange(ref _pushed, pushed);
                }
            }
            finally
            {
                _gate.Release();
            }
        }
    }
}
