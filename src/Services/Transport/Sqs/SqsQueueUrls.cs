using System.Collections.Concurrent;
using Amazon.SQS;
using Amazon.SQS.Model;

namespace NetKAN.Bus.Services.Transport.Sqs;

/// <summary>Queue names are configuration; SQS calls need URLs. Resolved once per name with GetQueueUrl and cached.</summary>
public sealed class SqsQueueUrls(IAmazonSQS sqs)
{
    private readonly ConcurrentDictionary<string, string> _urls = new(StringComparer.Ordinal);

    public async Task<string> GetAsync(string queue, CancellationToken cancellationToken)
    {
        if (_urls.TryGetValue(queue, out var url))
        {
            return url;
        }
        try
        {
            var response = await sqs.GetQueueUrlAsync(new GetQueueUrlRequest { QueueName = queue }, cancellationToken);
            return _urls.GetOrAdd(queue, response.QueueUrl);
        }
        catch (QueueDoesNotExistException e)
        {
            throw new InvalidOperationException(
                $"SQS queue '{queue}' does not exist (check the Queues section, Aws:Region and Aws:Sqs:ServiceUrl).", e);
        }
    }
}
