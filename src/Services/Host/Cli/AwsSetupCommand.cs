using System.CommandLine;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Options;
using NetKAN.Bus.Contracts.Queues;
using NetKAN.Bus.Services.Hosting;
using NetKAN.Bus.Services.Persistence.DynamoDb;
using NetKAN.Bus.Services.Roles;
using NetKAN.Bus.Services.Transport.Sqs;

namespace NetKAN.Bus.Services.Cli;

/// <summary>
/// Development set-up against the stand-ins (production resources come from deploy/cloudformation.yml):
/// <c>netkan dynamodb create-table</c> and <c>netkan sqs create-queues</c>, configured like <c>netkan run</c>.
/// </summary>
public static class AwsSetupCommand
{
    public static Command DynamoDb()
    {
        var create = new Command("create-table", "Create the status table (with its correlation_id index) and the scheduler-run table, PAY_PER_REQUEST, if missing.");
        create.TreatUnmatchedTokensAsErrors = false;
        create.SetAction(async (parse, cancellationToken) =>
        {
            using var app = NetkanHost.Build(new HostSettings { Store = "dynamodb" }, HostCommandOptions.ConfigurationArgs(parse));
            var options = app.Services.GetRequiredService<IOptions<DynamoDbOptions>>().Value;
            var created = await app.Services.GetRequiredService<DynamoDbTables>().CreateAsync(cancellationToken);
            foreach (var table in new[] { options.TableName, options.SchedulerRunTableName })
            {
                await parse.InvocationConfiguration.Output.WriteLineAsync($"{table}: {(created.Contains(table) ? "created" : "exists")}");
            }
            return 0;
        });
        var command = new Command("dynamodb", "DynamoDB status tables.");
        command.Subcommands.Add(create);
        return command;
    }

    public static Command Sqs()
    {
        var create = new Command("create-queues", "Create every configured queue (FIFO, with a FIFO dead-letter queue and redrive policy) if missing.");
        create.TreatUnmatchedTokensAsErrors = false;
        create.SetAction(async (parse, cancellationToken) =>
        {
            using var app = NetkanHost.Build(new HostSettings { Transport = "sqs" }, HostCommandOptions.ConfigurationArgs(parse));
            var provisioner = app.Services.GetRequiredService<SqsQueueProvisioner>();
            var maxReceives = app.Services.GetRequiredService<IOptions<SqsOptions>>().Value.MaxReceiveCount;
            foreach (var queue in SqsQueueProvisioner.All(app.Services.GetRequiredService<QueueNames>()))
            {
                var (url, deadLetterUrl) = await provisioner.CreateAsync(queue, maxReceives, cancellationToken);
                await parse.InvocationConfiguration.Output.WriteLineAsync($"{queue}: {url} (dead letters: {deadLetterUrl})");
            }
            return 0;
        });
        var command = new Command("sqs", "SQS queues.");
        command.Subcommands.Add(create);
        return command;
    }
}
