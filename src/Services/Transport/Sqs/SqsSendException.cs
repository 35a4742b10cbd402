namespace NetKAN.Bus.Services.Transport.Sqs;

/// <summary>SQS refused some entries of a batch; names the queue and each refused entry.</summary>
public sealed class SqsSendException(string queue, IReadOnlyList<string> failures)
    : Exception($"SQS refused {failures.Count} message(s) on {queue}: {string.Join("; ", failures)}")
{
    public string Queue { get; } = queue;

    public IReadOnlyList<string> Failures { get; } = failures;
}
