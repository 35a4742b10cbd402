using System.Globalization;
using System.Text.Json;
using Amazon.SQS;
using Amazon.SQS.Model;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;
using NetKAN.Bus.Contracts.Queues;

namespace NetKAN.Bus.Services.Transport.Sqs;

/// <summary>
/// Creates queues the way deploy/cloudformation.yml does: FIFO, 20 s long polling, each with a FIFO dead-letter
/// queue (<c>Inbound.fifo</c> → <c>InboundDeadLetter.fifo</c>) and a redrive policy after N receives.
/// For the stand-ins and tests; production queues come from the template. CreateQueue is idempotent.
/// </summary>
public sealed class SqsQueueProvisioner(IAmazonSQS sqs)
{
    public static string DeadLetterQueueName(string queue) =>
        SqsWire.IsFifo(queue) ? $"{queue[..^".fifo".Length]}DeadLetter.fifo" : $"{queue}DeadLetter";

    /// <summary>Every queue named in the configuration.</summary>
    public static IEnumerable<string> All(QueueNames queues) =>
        queues.Inflation.Values.Append(queues.Outbound).Append(queues.Mirroring).Append(queues.Adding)
            .Distinct(StringComparer.Ordinal);

    /// <summary>Creates the queue and its dead-letter queue; returns (queue URL, dead-letter queue URL).</summary>
    public async Task<(string Url, string DeadLetterUrl)> CreateAsync(string queue, int maxReceiveCount, CancellationToken cancellationToken)
    {
        var deadLetterUrl = await CreateQueueAsync(DeadLetterQueueName(queue), new Dictionary<string, string>
        {
            ["MessageRetentionPeriod"] = "1209600", // 14 days to look at what failed
        }, cancellationToken);
        var arn = (await sqs.GetQueueAttributesAsync(new GetQueueAttributesRequest
        {
            QueueUrl = deadLetterUrl,
            AttributeNames = ["QueueArn"],
        }, cancellationToken)).QueueARN;
        var url = await CreateQueueAsync(queue, new Dictionary<string, string>
        {
            ["ReceiveMessageWaitTimeSeconds"] = "20",
            ["RedrivePolicy"] = JsonSerializer.Serialize(new Dictionary<string, object>
            {
                ["deadLetterTargetArn"] = arn,
                ["maxReceiveCount"] = maxReceiveCount.ToString(CultureInfo.InvariantCulture),
            }),
        }, cancellationToken);
        return (url, deadLetterUrl);
    }

    private async Task<string> CreateQueueAsync(string name, Dictionary<string, string> attributes, CancellationToken cancellationToken)
    {
        if (SqsWire.IsFifo(name))
        {
            attributes["FifoQueue"] = "true";
        }
        var response = await sqs.CreateQueueAsync(new CreateQueueRequest { QueueName = name, Attributes = attributes }, cancellationToken);
        return response.QueueUrl;
    }
}

/// <summary>With <c>Sqs:CreateQueues=true</c>: creates every configured queue at start-up (the docker compose stand-ins).</summary>
public sealed class SqsQueueSetup(SqsQueueProvisioner provisioner, QueueNames queues, IOptions<SqsOptions> options,
    ILogger<SqsQueueSetup> logger) : IHostedService
{
    public async Task StartAsync(CancellationToken cancellationToken)
    {
        foreach (var queue in SqsQueueProvisioner.All(queues))
        {
            await provisioner.CreateAsync(queue, options.Value.MaxReceiveCount, cancellationToken);
            logger.LogInformation("SQS queue {Queue} ready (dead letters: {DeadLetterQueue})", queue,
                SqsQueueProvisioner.DeadLetterQueueName(queue));
        }
    }

    public Task StopAsync(CancellationToken cancellationToken) => Task.CompletedTask;
}
