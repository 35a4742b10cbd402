using System.Text.RegularExpressions;
using NetKAN.Bus.Contracts.Queues;
using NetKAN.Bus.Services.Persistence.DynamoDb;
using NetKAN.Bus.Services.Transport.Sqs;
using YamlDotNet.RepresentationModel;

namespace NetKAN.Bus.Integration.Tests.Deploy;

public sealed partial class CloudFormationTemplateTests
{
    private static readonly YamlMappingNode Template = DeployFiles.Yaml("deploy", "cloudformation.yml");
    private static readonly HashSet<string> Resources = Template.Child("Resources").Entries().Select(x => x.Key).ToHashSet();
    private static readonly HashSet<string> Parameters = Template.Child("Parameters").Entries().Select(x => x.Key).ToHashSet();

    [Fact]
    public void Every_Ref_GetAtt_Sub_FindInMap_and_If_target_exists()
    {
        var problems = new List<string>();
        var mappings = Template.Child("Mappings").Entries().ToDictionary(x => x.Key, x => x.Value);
        var conditions = Template.Child("Conditions").Entries().Select(x => x.Key).ToHashSet();
        var tagged = DeployFiles.Descendants(Template).Where(x => !x.Tag.IsEmpty).ToList();
        Assert.NotEmpty(tagged);
        foreach (var node in tagged)
        {
            var tag = node.Tag.Value;
            switch (tag)
            {
                case "!Ref":
                    Check(node.Scalar()!, allowParameters: true);
                    break;
                case "!GetAtt":
                    Check(node.Scalar()!.Split('.')[0], allowParameters: false);
                    break;
                case "!Sub":
                    foreach (Match m in SubReference().Matches(node.Scalar()!))
                    {
                        Check(m.Groups["name"].Value, allowParameters: !m.Groups["attr"].Success);
                    }
                    break;
                case "!FindInMap":
                    var args = ((YamlSequenceNode)node).Children;
                    var map = args[0].Scalar()!;
                    if (!mappings.TryGetValue(map, out var mapping))
                    {
                        problems.Add($"!FindInMap of unknown mapping {map}");
                        break;
                    }
                    var key = args[2].Scalar()!;
                    foreach (var (stage, names) in mapping.Entries())
                    {
                        if (names.Child(key) is null)
                        {
                            problems.Add($"mapping {map}.{stage} has no {key}");
                        }
                    }
                    break;
                case "!If":
                    var condition = ((YamlSequenceNode)node).Children[0].Scalar()!;
                    if (!conditions.Contains(condition))
                    {
                        problems.Add($"!If of unknown condition {condition}");
                    }
                    break;
                case "!Equals":
                    break;
                default:
                    problems.Add($"unexpected tag {tag}");
                    break;
            }
        }
        Assert.Empty(problems);

        void Check(string name, bool allowParameters)
        {
            if (!(Resources.Contains(name) || (allowParameters && (Parameters.Contains(name) || name.StartsWith("AWS::", StringComparison.Ordinal)))))
            {
                problems.Add($"{name} is neither a resource{(allowParameters ? ", a parameter nor a pseudo parameter" : "")}");
            }
        }
    }

    [Fact]
    public void Every_queue_is_fifo_long_polling_and_redrives_to_its_fifo_dead_letter_queue()
    {
        var queues = Template.Child("Resources").Entries().Where(x => x.Value.Child("Type").Scalar() == "AWS::SQS::Queue").ToList();
        var main = queues.Where(x => !x.Key.EndsWith("DeadLetterQueue", StringComparison.Ordinal)).ToList();
        Assert.Equal(["AddingQueue", "InboundKsp2Queue", "InboundKspQueue", "MirroringQueue", "OutboundQueue"], main.Select(x => x.Key).Order());
        Assert.All(queues, q => Assert.Equal("true", q.Value.Child("Properties").Child("FifoQueue").Scalar()));
        foreach (var (name, queue) in main)
        {
            var properties = queue.Child("Properties")!;
            Assert.Equal("20", properties.Child("ReceiveMessageWaitTimeSeconds").Scalar());
            var redrive = properties.Child("RedrivePolicy")!;
            Assert.Equal("MaxReceiveCount", redrive.Child("maxReceiveCount").Scalar());
            var target = redrive.Child("deadLetterTargetArn")!;
            Assert.Equal("!GetAtt", target.Tag.Value);
            Assert.Equal($"{name[..^"Queue".Length]}DeadLetterQueue.Arn", target.Scalar());
        }
    }

    [Fact]
    public void Stage_names_are_the_original_ones_and_dead_letter_names_match_what_the_services_create()
    {
        var names = Template.Child("Mappings").Child("Names")!;
        string Name(string stage, string key) => names.Child(stage).Child(key).Scalar()!;
        var prod = new QueueNames();
        Assert.Equal(prod.InflationFor(Contracts.Games.GameId.Ksp), Name("prod", "InboundKsp"));
        Assert.Equal(prod.InflationFor(Contracts.Games.GameId.Ksp2), Name("prod", "InboundKsp2"));
        Assert.Equal(prod.Outbound, Name("prod", "Outbound"));
        Assert.Equal(prod.Adding, Name("prod", "Adding"));
        Assert.Equal(prod.Mirroring, Name("prod", "Mirroring"));
        Assert.Equal(new DynamoDbOptions().TableName, Name("prod", "StatusTable"));
        Assert.Equal(new DynamoDbOptions().SchedulerRunTableName, Name("prod", "SchedulerRunTable"));
        Assert.Equal(["InboundDevKsp.fifo", "InboundDevKsp2.fifo", "OutboundDev.fifo", "AddingDev.fifo", "MirroringDev.fifo", "DevMultiKANStatus"],
            new[] { "InboundKsp", "InboundKsp2", "Outbound", "Adding", "Mirroring", "StatusTable" }.Select(x => Name("dev", x)));
        foreach (var stage in new[] { "prod", "dev" })
        {
            foreach (var queue in new[] { "InboundKsp", "InboundKsp2", "Outbound", "Adding", "Mirroring" })
            {
                Assert.Equal(SqsQueueProvisioner.DeadLetterQueueName(Name(stage, queue)), Name(stage, queue + "DeadLetter"));
            }
        }
    }

    [Fact]
    public void The_status_table_has_the_original_keys_the_correlation_index_and_pay_per_request()
    {
        var table = Template.Child("Resources").Child("StatusTable").Child("Properties")!;
        var options = new DynamoDbOptions();
        Assert.Equal("PAY_PER_REQUEST", table.Child("BillingMode").Scalar());
        var keys = ((YamlSequenceNode)table.Child("KeySchema")!).Children.Select(x => (x.Child("AttributeName").Scalar(), x.Child("KeyType").Scalar()));
        Assert.Equal([(ModStateItem.HashKey, "HASH"), (ModStateItem.RangeKey, "RANGE")], keys);
        var index = Assert.Single(((YamlSequenceNode)table.Child("GlobalSecondaryIndexes")!).Children);
        Assert.Equal(options.CorrelationIndexName, index.Child("IndexName").Scalar());
        Assert.Equal(ModStateItem.CorrelationId, ((YamlSequenceNode)index.Child("KeySchema")!).Children.Single().Child("AttributeName").Scalar());
        Assert.Equal("KEYS_ONLY", index.Child("Projection").Child("ProjectionType").Scalar());
    }

    [GeneratedRegex(@"\$\{(?<name>[A-Za-z0-9:]+)(?<attr>\.[A-Za-z0-9.]+)?\}")]
    private static partial Regex SubReference();
}
