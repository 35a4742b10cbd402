using System.Net.Sockets;
using Amazon.DynamoDBv2;
using Amazon.S3;
using Amazon.SQS;
using NetKAN.Bus.Services.Aws;
using NetKAN.Bus.TestSupport;

namespace NetKAN.Bus.Integration.Tests.Aws;

/// <summary>
/// The local AWS stand-ins started by tools/emulators/start.sh: URLs from NETKAN_TEST_SQS_URL, NETKAN_TEST_S3_URL and
/// NETKAN_TEST_DYNAMODB_URL, or else from tools/emulators/.run/env. Under CI (CI=true) a missing or unreachable
/// stand-in fails the test with a clear message; elsewhere the tests are skipped with the reason.
/// </summary>
public static class StandIns
{
    public const string Region = "us-west-2";

    private static readonly Lazy<IReadOnlyDictionary<string, string>> RunEnv = new(ReadRunEnv);

    public static string SqsUrl => Require("NETKAN_TEST_SQS_URL");

    public static string S3Url => Require("NETKAN_TEST_S3_URL");

    public static string DynamoDbUrl => Require("NETKAN_TEST_DYNAMODB_URL");

    /// <summary>local (DynamoDB Local) or dynalite.</summary>
    public static string DynamoDbKind => Get("NETKAN_TEST_DYNAMODB_KIND") ?? "local";

    public static AwsSettings Settings => new(Region, SqsUrl, DynamoDbUrl, S3Url, "test", "test");

    public static IAmazonSQS Sqs() => AwsClients.Sqs(Settings);

    public static IAmazonDynamoDB DynamoDb() => AwsClients.DynamoDb(Settings);

    public static IAmazonS3 S3() => AwsClients.S3(Settings);

    /// <summary>Host configuration pointing every AWS client at the stand-ins.</summary>
    public static Dictionary<string, string?> Configuration() => new()
    {
        ["Aws:Region"] = Region,
        ["Aws:Sqs:ServiceUrl"] = SqsUrl,
        ["Aws:DynamoDb:ServiceUrl"] = DynamoDbUrl,
        ["Aws:S3:ServiceUrl"] = S3Url,
        ["Aws:AccessKeyId"] = "test",
        ["Aws:SecretAccessKey"] = "test",
    };

    /// <summary>Why the AWS tests cannot run here, or null when they can (always null under CI: there they must fail instead).</summary>
    public static string? SkipReason()
    {
        if (IsCi)
        {
            return null;
        }
        foreach (var name in new[] { "NETKAN_TEST_SQS_URL", "NETKAN_TEST_S3_URL", "NETKAN_TEST_DYNAMODB_URL" })
        {
            var problem = Problem(name);
            if (problem is not null)
            {
                return $"AWS stand-ins not available ({problem}); run tools/emulators/start.sh first.";
            }
        }
        return null;
    }

    private static bool IsCi => string.Equals(Environment.GetEnvironmentVariable("CI"), "true", StringComparison.OrdinalIgnoreCase);

    private static string Require(string name) =>
        Problem(name) is { } problem
            ? throw new InvalidOperationException(
                $"{problem}. The AWS integration tests need the local stand-ins: run tools/emulators/start.sh " +
                "(it writes tools/emulators/.run/env) or set NETKAN_TEST_SQS_URL, NETKAN_TEST_S3_URL and NETKAN_TEST_DYNAMODB_URL.")
            : Get(name)!;

    private static string? Problem(string name)
    {
        var url = Get(name);
        if (string.IsNullOrWhiteSpace(url))
        {
            return $"{name} is not set";
        }
        return Reachable(url) ? null : $"{name}={url} is not reachable";
    }

    private static string? Get(string name) =>
        Environment.GetEnvironmentVariable(name) is { Length: > 0 } value ? value : RunEnv.Value.GetValueOrDefault(name);

    private static bool Reachable(string url)
    {
        try
        {
            var uri = new Uri(url);
            using var client = new TcpClient();
            return client.ConnectAsync(uri.Host, uri.Port).Wait(TimeSpan.FromSeconds(2)) && client.Connected;
        }
        catch (Exception e) when (e is SocketException or AggregateException or UriFormatException)
        {
            return false;
        }
    }

    private static IReadOnlyDictionary<string, string> ReadRunEnv()
    {
        var path = Path.Combine(SharedFolder.RepoRoot, "tools", "emulators", ".run", "env");
        if (!File.Exists(path))
        {
            return new Dictionary<string, string>();
        }
        return File.ReadAllLines(path)
            .Select(line => line.Trim())
            .Where(line => line.StartsWith("export ", StringComparison.Ordinal) && line.Contains('='))
            .Select(line => line["export ".Length..].Split('=', 2))
            .ToDictionary(x => x[0], x => x[1]);
    }
}

/// <summary>A test against the AWS stand-ins: skipped with the reason when they are not running, except under CI.</summary>
public sealed class AwsFactAttribute : FactAttribute
{
    public AwsFactAttribute()
    {
        if (StandIns.SkipReason() is { } reason)
        {
            Skip = reason;
        }
    }
}

/// <summary>A theory against the AWS stand-ins: skipped with the reason when they are not running, except under CI.</summary>
public sealed class AwsTheoryAttribute : TheoryAttribute
{
    public AwsTheoryAttribute()
    {
        if (StandIns.SkipReason() is { } reason)
        {
            Skip = reason;
        }
    }
}
