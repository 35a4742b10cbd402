using System.Globalization;
using Amazon.SQS;
using Amazon.SQS.Model;
using Microsoft.Extensions.Logging;
using NetKAN.Bus.Contracts.Queues;
using NetKAN.Bus.Contracts.Wire;

namespace NetKAN.Bus.Services.Transport.Sqs;

/// <summary>
/// Sends wire messages to SQS with SendMessageBatch: the raw body, exactly the documented attributes (DataType
/// String), and on FIFO queues the message's group and dedup ids as each contract chose them (InflateMod: group =
/// mod identifier, random dedup like the original's uuid4; ModInflated: deterministic dedup; AddMod/MirrorMod: MD5 of
/// the body, as the original). Entries SQS refuses are reported as one exception naming the queue and each entry.
/// Also reports queue depth (ApproximateNumberOfMessages) for the scheduler.
/// </summary>
public sealed class SqsQueueSender(IAmazonSQS sqs, SqsQueueUrls urls, ILogger<SqsQueueSender> logger)
    : IQueueSender, IQueueDepth
{
    /// <summary>SQS limits: 10 entries and 256 KiB per batch.</summary>
    public const int MaxBatchEntries = 10;
    public const int MaxBatchBytes = 256 * 1024;

    public async Task SendAsync(string queue, IReadOnlyList<WireMessage> messages, CancellationToken cancellationToken)
    {
        if (messages.Count == 0)
        {
            return;
        }
        var url = await urls.GetAsync(queue, cancellationToken);
        var fifo = SqsWire.IsFifo(queue);
        var failures = new List<string>();
        foreach (var batch in Batches(messages))
        {
            var request = new SendMessageBatchRequest
            {
                QueueUrl = url,
                Entries = batch.Select(x => SqsWire.ToEntry(x.Index.ToString(CultureInfo.InvariantCulture), x.Message, fifo)).ToList(),
            };
            var response = await sqs.SendMessageBatchAsync(request, cancellationToken);
            foreach (var failed in response.Failed ?? [])
            {
                var message = messages[int.Parse(failed.Id, CultureInfo.InvariantCulture)];
                failures.Add($"entry {failed.Id} (group {message.GroupId}, dedup {message.DeduplicationId}): " +
                    $"{failed.Code} {failed.Message}{(failed.SenderFault == true ? " (sender fault)" : "")}");
            }
            logger.LogDebug("Sent {Count} message(s) to {Queue}", response.Successful?.Count ?? 0, queue);
        }
        if (failures.Count > 0)
        {
            throw new SqsSendException(queue, failures);
        }
    }

    public async Task<int?> GetDepthAsync(string queue, CancellationToken cancellationToken)
    {
        var response = await sqs.GetQueueAttributesAsync(new GetQueueAttributesRequest
        {
            QueueUrl = await urls.GetAsync(queue, cancellationToken),
            AttributeNames = ["ApproximateNumberOfMessages"],
        }, cancellationToken);
        return response.ApproximateNumberOfMessages;
    }

    /// <summary>Splits into batches of at most 10 entries and 256 KiB, keeping each message's index for error reports.</summary>
    private static IEnumerable<List<(int Index, WireMessage Message)>> Batches(IReadOnlyList<WireMessage> messages)
    {
        var batch = new List<(int, WireMessage)>();
        var bytes = 0;
        for (var i = 0; i < messages.Count; i++)
        {
            var size = SqsWire.Size(messages[i]);
            if (batch.Count == MaxBatchEntries || (batch.Count > 0 && bytes + size > MaxBatchBytes))
            {
                yield return batch;
                batch = [];
                bytes = 0;
            }
            batch.Add((i, messages[i]));
            bytes += size;
        }
        if (batch.Count > 0)
        {
            yield return batch;
        }
    }
}
