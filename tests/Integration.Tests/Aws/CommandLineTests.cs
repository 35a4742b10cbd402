using System.Text.Json.Nodes;
using Amazon.S3.Model;
using Microsoft.Extensions.Options;
using NetKAN.Bus.Contracts.Lifecycle;
using NetKAN.Bus.Contracts.Games;
using NetKAN.Bus.Sagas.Status;
using NetKAN.Bus.Services.Cli;
using NetKAN.Bus.Services.Persistence.DynamoDb;

namespace NetKAN.Bus.Integration.Tests.Aws;

/// <summary>The one-off commands, run as a user would, against the stand-ins.</summary>
public sealed class CommandLineTests
{
    [AwsFact]
    public async Task Create_table_then_status_dump_to_a_folder_and_a_bucket()
    {
        await using var bed = new AwsTestBed();
        await bed.S3.PutBucketAsync(new PutBucketRequest { BucketName = bed.Bucket });
        var config = bed.Configuration().Select(x => $"--{x.Key}={x.Value}").ToArray();

        var (createCode, createOutput) = await RunAsync(["dynamodb", "create-table", .. config]);
        Assert.Equal(0, createCode);
        Assert.Contains($"{bed.StatusTable}: created", createOutput);
        Assert.Contains($"{bed.RunTable}: created", createOutput);
        var store = new DynamoDbModStateStore(bed.DynamoDb, Options.Create(bed.DynamoDbOptions()));
        await store.InsertAsync(new ModState
        {
            CorrelationId = ModSagaId.For(GameId.Ksp2, "Orbiter"),
            Identifier = "Orbiter",
            GameId = "ksp2",
            Version = 1,
            Success = true,
            Frozen = true,
        }, default);

        var folder = Path.Combine(bed.DataDir, "status");
        var (dumpCode, dumpOutput) = await RunAsync(["status", "dump", "--folder", folder, "--store", "dynamodb", .. config]);

        Assert.Equal(0, dumpCode);
        Assert.Contains($"wrote s3://{bed.Bucket}/status/netkan-ksp2.json", dumpOutput);
        Assert.Contains($"wrote {Path.Combine(folder, "netkan.json")}", dumpOutput);
        var fromFolder = JsonNode.Parse(await File.ReadAllTextAsync(Path.Combine(folder, "netkan-ksp2.json")))!;
        Assert.False(fromFolder["Orbiter"]!["failed"]!.GetValue<bool>());
        Assert.True(fromFolder["Orbiter"]!["frozen"]!.GetValue<bool>());
        using var s3 = await bed.S3.GetObjectAsync(bed.Bucket, "status/netkan-ksp2.json");
        Assert.Equal(await File.ReadAllTextAsync(Path.Combine(folder, "netkan-ksp2.json")), await new StreamReader(s3.ResponseStream).ReadToEndAsync());
        Assert.Equal("{}", await File.ReadAllTextAsync(Path.Combine(folder, "netkan.json")));
        await bed.DynamoDb.DeleteTableAsync(bed.StatusTable);
        await bed.DynamoDb.DeleteTableAsync(bed.RunTable);
    }

    [Fact]
    public async Task Run_refuses_unknown_roles_and_names_the_known_ones()
    {
        var (code, output) = await RunAsync(["run", "--roles", "inflator,teleporter"]);
        Assert.Equal(2, code);
        Assert.Contains("Unknown role(s): teleporter", output);
        Assert.Contains("status-dumper", output);
    }

    private static async Task<(int Code, string Output)> RunAsync(string[] args)
    {
        var output = new StringWriter();
        var parse = NetkanCli.Create().Parse(args);
        parse.InvocationConfiguration.Output = output;
        parse.InvocationConfiguration.Error = output;
        var code = await parse.InvokeAsync();
        return (code, output.ToString());
    }
}
