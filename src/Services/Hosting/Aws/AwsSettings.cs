using Microsoft.Extensions.Configuration;

namespace NetKAN.Bus.Services.Aws;

/// <summary>
/// Where the AWS services are (section <c>Aws</c>): <c>Aws:Region</c> (default us-west-2, as the original),
/// <c>Aws:ServiceUrl</c> for every service or <c>Aws:Sqs:ServiceUrl</c>, <c>Aws:DynamoDb:ServiceUrl</c>,
/// <c>Aws:S3:ServiceUrl</c> per service (the local stand-ins), and optional <c>Aws:AccessKeyId</c> /
/// <c>Aws:SecretAccessKey</c> (stand-ins take any; without them the SDK's default credential chain applies,
/// e.g. the ECS task role).
/// </summary>
public sealed record AwsSettings(string Region, string? SqsUrl, string? DynamoDbUrl, string? S3Url,
    string? AccessKeyId, string? SecretAccessKey)
{
    public const string Section = "Aws";
    public const string DefaultRegion = "us-west-2";

    public static AwsSettings From(IConfiguration configuration)
    {
        var aws = configuration.GetSection(Section);
        string? Url(string service) => NullIfEmpty(aws[$"{service}:ServiceUrl"]) ?? NullIfEmpty(aws["ServiceUrl"]);
        return new AwsSettings(
            NullIfEmpty(aws["Region"]) ?? DefaultRegion,
            Url("Sqs"),
            Url("DynamoDb"),
            Url("S3"),
            NullIfEmpty(aws["AccessKeyId"]),
            NullIfEmpty(aws["SecretAccessKey"]));
    }

    private static string? NullIfEmpty(string? value) => string.IsNullOrWhiteSpace(value) ? null : value;
}
