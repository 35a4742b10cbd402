using NetKAN.Bus.Contracts.Queues;

namespace NetKAN.Bus.Services.Transport.Sqs;

/// <summary>How this process talks to SQS (section <c>Sqs</c>).</summary>
public sealed class SqsOptions
{
    public const string Section = "Sqs";

    /// <summary>Long-poll time of each receive (SQS maximum 20).</summary>
    public int WaitTimeSeconds { get; set; } = 20;

    /// <summary>How long a received message stays hidden from other receivers (the original's SQS_TIMEOUT, 300 s).</summary>
    public int VisibilityTimeoutSeconds { get; set; } = 300;

    /// <summary>The same for the inflation queues: an inflation may download large files (the original Inflator used 1800 s).</summary>
    public int InflationVisibilityTimeoutSeconds { get; set; } = 1800;

    /// <summary>Messages of one queue handled at the same time (received in batches of up to 10).</summary>
    public int MaxInFlight { get; set; } = 10;

    /// <summary>While a message is handled, its visibility is extended when this fraction of the timeout has passed.</summary>
    public double HeartbeatFraction { get; set; } = 0.7;

    /// <summary>Longest pause between receive attempts after errors (the pause doubles from 1 s up to this).</summary>
    public int MaxReceiveBackoffSeconds { get; set; } = 60;

    /// <summary>Create the configured queues (FIFO, each with a FIFO dead-letter queue) at start-up when missing: for the stand-ins.</summary>
    public bool CreateQueues { get; set; }

    /// <summary>Receives before SQS moves a message to the dead-letter queue (redrive policy of created queues).</summary>
    public int MaxReceiveCount { get; set; } = 5;

    public TimeSpan VisibilityTimeoutFor(string queue, QueueNames queues) =>
        TimeSpan.FromSeconds(queues.Inflation.Values.Contains(queue, StringComparer.Ordinal)
            ? InflationVisibilityTimeoutSeconds
            : VisibilityTimeoutSeconds);
}
