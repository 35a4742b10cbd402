using Amazon;
using Amazon.DynamoDBv2;
using Amazon.Runtime;
using Amazon.S3;
using Amazon.SQS;

namespace NetKAN.Bus.Services.Aws;

/// <summary>
/// Creates the AWS SDK clients from <see cref="AwsSettings"/>: against a service URL (stand-ins, signed for the
/// configured region) when one is set, otherwise against the region's real endpoints.
/// </summary>
public static class AwsClients
{
    public static IAmazonSQS Sqs(AwsSettings settings) =>
        Create(settings, settings.SqsUrl, new AmazonSQSConfig(), (c, cfg) => new AmazonSQSClient(c, cfg), cfg => new AmazonSQSClient(cfg));

    public static IAmazonDynamoDB DynamoDb(AwsSettings settings) =>
        Create(settings, settings.DynamoDbUrl, new AmazonDynamoDBConfig(), (c, cfg) => new AmazonDynamoDBClient(c, cfg), cfg => new AmazonDynamoDBClient(cfg));

    public static IAmazonS3 S3(AwsSettings settings) =>
        Create(settings, settings.S3Url,
            // Stand-ins serve buckets by path (http://host/bucket/key), not by virtual host.
            new AmazonS3Config { ForcePathStyle = settings.S3Url is not null },
            (c, cfg) => new AmazonS3Client(c, cfg), cfg => new AmazonS3Client(cfg));

    private static TClient Create<TClient, TConfig>(AwsSettings settings, string? serviceUrl, TConfig config,
        Func<AWSCredentials, TConfig, TClient> withCredentials, Func<TConfig, TClient> withDefaultChain)
        where TConfig : ClientConfig
    {
        if (serviceUrl is null)
        {
            config.RegionEndpoint = RegionEndpoint.GetBySystemName(settings.Region);
        }
        else
        {
            config.ServiceURL = serviceUrl;
            config.AuthenticationRegion = settings.Region;
        }
        return settings.AccessKeyId is not null && settings.SecretAccessKey is not null
            ? withCredentials(new BasicAWSCredentials(settings.AccessKeyId, settings.SecretAccessKey), config)
            : withDefaultChain(config);
    }
}
