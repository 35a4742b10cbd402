using System.Collections.Concurrent;
using Amazon.SQS.Model;
using Microsoft.Extensions.DependencyInjection;
using NetKAN.Bus.Contracts.Lifecycle;
using NetKAN.Bus.Contracts.Queues;
using NetKAN.Bus.Contracts.Wire;
using NetKAN.Bus.Contracts.Games;
using NetKAN.Bus.Sagas.Persistence;
using NetKAN.Bus.Services.Transport.Sqs;

namespace NetKAN.Bus.Integration.Tests.Aws;

public sealed class SqsEdgeTests
{
    [AwsFact]
    public async Task A_message_in_the_original_attribute_layout_is_consumed_and_deleted()
    {
        await using var bed = new AwsTestBed();
        await bed.CreateAllAsync();
        var indexer = new StageProbe();
        var host = await bed.StartHostAsync([], [TestStages.Indexer(indexer)]);

        // As the original C# Inflator writes it: GameId KSP, Staged False, FileName with ./, CheckTime without zone, group "1".
        await bed.Sqs.SendMessageAsync(new SendMessageRequest
        {
            QueueUrl = await bed.UrlAsync(bed.Queues.Outbound),
            MessageBody = "{\n    \"identifier\": \"Astrogator\",\n    \"version\": \"v1.0\"\n}\n",
            MessageGroupId = "1",
            MessageDeduplicationId = Guid.NewGuid().ToString("N"),
            MessageAttributes = Strings(new()
            {
                ["ModIdentifier"] = "Astrogator",
                ["Staged"] = "False",
                ["Success"] = "True",
                ["CheckTime"] = "2026-08-01T12:00:00",
                ["GameId"] = "KSP",
                ["FileName"] = "./Astrogator-v1.0.ckan",
                ["WarningMessages"] = "No tags\r\nNo license",
            }),
        });

        await AwsTestBed.EventuallyAsync(() => Task.FromResult(indexer.Completed.Count == 1), "the indexer to handle the message");
        var received = Assert.IsType<ModInflated>(indexer.Completed.Single());
        Assert.Equal("Astrogator", received.Identifier);
        Assert.Equal(GameId.Ksp, received.Game);
        Assert.True(received.Success);
        Assert.False(received.Staged);
        Assert.Equal(new DateTimeOffset(2026, 8, 1, 12, 0, 0, TimeSpan.Zero), received.CheckTime);
        Assert.Equal("Astrogator-v1.0.ckan", received.FileName);
        Assert.Equal(["No tags", "No license"], received.Warnings);
        await AwsTestBed.EventuallyAsync(async () => await bed.DepthAsync(bed.Queues.Outbound) == 0, "the message to be deleted");
        var row = await host.Services.GetRequiredService<IModStateStore>().LoadAsync(ModSagaId.For(GameId.Ksp, "Astrogator"), default);
        Assert.Equal("Indexed", row!.CurrentState);
    }

    [AwsFact]
    public async Task What_we_send_carries_exactly_the_documented_attributes_and_reads_back_identically()
    {
        await using var bed = new AwsTestBed();
        await bed.CreateAllAsync();
        var host = await bed.StartHostAsync([]);
        var sent = new ModInflated("Astrogator", GameId.Ksp, true, new DateTimeOffset(2026, 8, 1, 12, 0, 0, TimeSpan.Zero),
            "{\"identifier\": \"Astrogator\"}", "Astrogator-v1.0.ckan", Staged: true, StagingReason: "New license",
            Warnings: ["No tags"]);
        await host.Services.GetRequiredService<ContractSender>().SendAsync(sent, default);

        var raw = Assert.Single(await bed.PeekAsync(bed.Queues.Outbound));

        var wire = sent.ToWire();
        Assert.Equal(wire.Body, raw.Body);
        Assert.Equal(wire.Attributes.OrderBy(x => x.Key), raw.MessageAttributes.Select(x => KeyValuePair.Create(x.Key, x.Value.StringValue)).OrderBy(x => x.Key));
        Assert.All(raw.MessageAttributes.Values, x => Assert.Equal("String", x.DataType));
        Assert.Equal(["CheckTime", "FileName", "GameId", "ModIdentifier", "Staged", "StagingReason", "Success", "WarningMessages"],
            raw.MessageAttributes.Keys.Order(StringComparer.Ordinal));
        Assert.Equal("Astrogator", raw.Attributes["MessageGroupId"]);
        Assert.Equal(wire.DeduplicationId, raw.Attributes["MessageDeduplicationId"]);
        var readBack = ModInflated.FromWire(SqsWire.FromSqs(raw));
        Assert.Equal(wire.Attributes, readBack.ToWire().Attributes);
        Assert.Equal(sent with { Warnings = readBack.Warnings }, readBack);
        Assert.Equal(sent.Warnings, readBack.Warnings);
    }

    [AwsFact]
    public async Task Each_group_is_handled_in_order_and_a_failure_holds_back_the_rest_of_its_group_only()
    {
        await using var bed = new AwsTestBed(maxReceiveCount: 5, visibilitySeconds: 4);
        await bed.CreateAllAsync();
        var order = new ConcurrentDictionary<string, ConcurrentQueue<int>>();
        var inflator = new StageProbe
        {
            Before = (message, receiveCount, _) =>
            {
                var inflate = (InflateMod)message;
                var sequence = int.Parse(inflate.HighestVersion!);
                if (inflate.Identifier == "Beta" && sequence == 2 && receiveCount == 1)
                {
                    throw new InvalidOperationException("upstream hiccup");
                }
                order.GetOrAdd(inflate.Identifier!, _ => new()).Enqueue(sequence);
                return Task.CompletedTask;
            },
        };
        var host = await bed.StartHostAsync([], [TestStages.Inflator(inflator)]);

        var messages = Enumerable.Range(1, 4)
            .SelectMany(n => new[] { "Alpha", "Beta", "Gamma" }.Select(id => new InflateMod(GameId.Ksp, TestStages.Netkan(id), n.ToString())))
            .ToList();
        await host.Services.GetRequiredService<ContractSender>().SendManyAsync(messages, default);

        await AwsTestBed.EventuallyAsync(() => Task.FromResult(inflator.Completed.Count == 12), "all 12 inflations", 60);
        Assert.All(order.Values, x => Assert.Equal([1, 2, 3, 4], x));
        var retried = inflator.Received.Where(x => ((InflateMod)x.Message).Identifier == "Beta" && ((InflateMod)x.Message).HighestVersion == "2");
        Assert.Equal(["1", "2"], retried.Select(x => x.ReceiveCount));
        Assert.Equal(0, await bed.DepthAsync(bed.Queues.InflationFor(GameId.Ksp)));
    }

    [AwsFact]
    public async Task Groups_of_one_batch_run_in_parallel_even_when_their_handlers_never_yield()
    {
        await using var bed = new AwsTestBed(maxReceiveCount: 5, visibilitySeconds: 30);
        await bed.CreateAllAsync();
        // Each handler blocks its thread (no await) until the other has started: done only when the two groups run
        // at the same time. Run one after another on the receive loop's thread, the first waits out its 20 s.
        var entered = new ConcurrentDictionary<string, ManualResetEventSlim>
        {
            ["Alpha"] = new(), ["Beta"] = new(),
        };
        var waitedOut = new ConcurrentQueue<string>();
        var inflator = new StageProbe
        {
            Before = (message, _, _) =>
            {
                var id = ((InflateMod)message).Identifier!;
                entered[id].Set();
                if (!entered[id == "Alpha" ? "Beta" : "Alpha"].Wait(TimeSpan.FromSeconds(20)))
                {
                    waitedOut.Enqueue(id);
                }
                return Task.CompletedTask;
            },
        };
        var host = await bed.StartHostAsync([], [TestStages.Inflator(inflator)]);

        await host.Services.GetRequiredService<ContractSender>().SendManyAsync(
            [new InflateMod(GameId.Ksp, TestStages.Netkan("Alpha")), new InflateMod(GameId.Ksp, TestStages.Netkan("Beta"))], default);

        await AwsTestBed.EventuallyAsync(() => Task.FromResult(inflator.Completed.Count == 2), "both inflations", 60);
        Assert.Empty(waitedOut);
    }

    [AwsFact]
    public async Task A_host_killed_mid_message_leaves_it_to_another_host_which_handles_it_once()
    {
        await using var bed = new AwsTestBed(maxReceiveCount: 5, visibilitySeconds: 3);
        await bed.CreateAllAsync();
        var doomed = new StageProbe { Before = (_, _, cancel) => Task.Delay(Timeout.Infinite, cancel) };
        var first = await bed.StartHostAsync([], [TestStages.Inflator(doomed)]);
        await first.Services.GetRequiredService<ContractSender>().SendAsync(new InflateMod(GameId.Ksp, TestStages.Netkan("Stuck")), default);
        await AwsTestBed.EventuallyAsync(() => Task.FromResult(doomed.Received.Count == 1), "the first host to take the message");

        // No grace period: the in-flight handler is cut off and the message is neither deleted nor released.
        try
        {
            await first.StopAsync(new CancellationToken(canceled: true));
        }
        catch (OperationCanceledException)
        {
        }
        var killedAt = DateTime.UtcNow;
        var survivor = new StageProbe();
        var second = await bed.StartHostAsync([], [TestStages.Inflator(survivor)]);

        await AwsTestBed.EventuallyAsync(() => Task.FromResult(survivor.Completed.Count == 1), "the second host to handle it", 30);
        Assert.True(DateTime.UtcNow - killedAt > TimeSpan.FromSeconds(1), "redelivered only after the visibility timeout");
        Assert.Equal("2", survivor.Received.Single().ReceiveCount);
        Assert.Empty(doomed.Completed);
        await AwsTestBed.EventuallyAsync(async () => await bed.DepthAsync(bed.Queues.InflationFor(GameId.Ksp)) == 0, "the message to be deleted");
        var row = await second.Services.GetRequiredService<IModStateStore>().LoadAsync(ModSagaId.For(GameId.Ksp, "Stuck"), default);
        Assert.Equal(["inflated"], row!.History.Select(x => x.Event));
        Assert.Single(await bed.PeekAsync(bed.Queues.Outbound));
    }

    [AwsFact]
    public async Task A_handler_slower_than_the_visibility_timeout_keeps_its_message_through_the_heartbeat()
    {
        // A 6 s timeout extended every 1.8 s (fraction 0.3): a handler of 9 s needs five extensions, and each has
        // 4 s to spare on a busy machine.
        await using var bed = new AwsTestBed(maxReceiveCount: 5, visibilitySeconds: 6);
        await bed.CreateAllAsync();
        var slow = new StageProbe { Before = (_, _, _) => Task.Delay(TimeSpan.FromSeconds(9)) };
        var host = await bed.StartHostAsync([], [TestStages.Inflator(slow)], new Dictionary<string, string?> { ["Sqs:HeartbeatFraction"] = "0.3" });
        await host.Services.GetRequiredService<ContractSender>().SendAsync(new InflateMod(GameId.Ksp, TestStages.Netkan("Slow")), default);

        await AwsTestBed.EventuallyAsync(() => Task.FromResult(slow.Completed.Count == 1), "the slow inflation to finish", 30);

        Assert.Equal(["1"], slow.Received.Select(x => x.ReceiveCount));
        Assert.Equal(0, await bed.DepthAsync(bed.Queues.InflationFor(GameId.Ksp)));
    }

    [AwsFact]
    public async Task Stopping_a_host_finishes_the_message_in_hand_and_deletes_it()
    {
        await using var bed = new AwsTestBed(maxReceiveCount: 5, visibilitySeconds: 30);
        await bed.CreateAllAsync();
        var busy = new StageProbe { Before = (_, _, _) => Task.Delay(TimeSpan.FromSeconds(2)) };
        var host = await bed.StartHostAsync([], [TestStages.Inflator(busy)]);
        await host.Services.GetRequiredService<ContractSender>().SendAsync(new InflateMod(GameId.Ksp, TestStages.Netkan("Busy")), default);
        await AwsTestBed.EventuallyAsync(() => Task.FromResult(busy.Received.Count == 1), "the host to take the message");

        await host.StopAsync(AwsTestBed.Timeout(20));

        Assert.Single(busy.Completed);
        Assert.Equal(0, await bed.DepthAsync(bed.Queues.InflationFor(GameId.Ksp)));
        Assert.Single(await bed.PeekAsync(bed.Queues.Outbound));
    }

    [AwsFact]
    public async Task A_poison_message_lands_in_the_dead_letter_queue_after_its_receives_and_the_mod_shows_the_error()
    {
        await using var bed = new AwsTestBed(maxReceiveCount: 2, visibilitySeconds: 1);
        await bed.CreateAllAsync();
        var indexer = new StageProbe();
        var host = await bed.StartHostAsync([],
            [new TestStageRole<ModInflated, FailingIndexer>("failing-indexer", q => q.Outbound, indexer, TestStages.BadIndexing)]);
        await host.Services.GetRequiredService<ContractSender>().SendAsync(
            new ModInflated("Cursed", GameId.Ksp, true, TestStages.Inflated, "{}", "Cursed-1.0.ckan"), default);

        var deadLetters = SqsQueueProvisioner.DeadLetterQueueName(bed.Queues.Outbound);
        List<Message> dead = [];
        await AwsTestBed.EventuallyAsync(async () => (dead = await bed.PeekAsync(deadLetters)).Count == 1, "the message in the dead-letter queue", 40);

        Assert.Equal("Cursed", dead[0].MessageAttributes["ModIdentifier"].StringValue);
        Assert.Equal(2, indexer.Received.Count);
        Assert.Equal(0, await bed.DepthAsync(bed.Queues.Outbound));
        var row = await host.Services.GetRequiredService<IModStateStore>().LoadAsync(ModSagaId.For(GameId.Ksp, "Cursed"), default);
        Assert.False(row!.Success);
        Assert.Equal("git push rejected", row.LastError);
        Assert.Equal(2, row.Errors.Single().Count);
    }

    [AwsFact]
    public async Task A_host_started_before_its_queue_exists_keeps_retrying_and_consumes_once_it_does()
    {
        await using var bed = new AwsTestBed();
        await bed.CreateTablesAsync();
        var inflator = new StageProbe();
        var host = await bed.StartHostAsync([], [TestStages.Inflator(inflator)]);
        await Task.Delay(TimeSpan.FromSeconds(2)); // the loop meets a missing queue and backs off

        await bed.CreateAllAsync();
        await host.Services.GetRequiredService<ContractSender>().SendAsync(new InflateMod(GameId.Ksp, TestStages.Netkan("Early")), default);

        await AwsTestBed.EventuallyAsync(() => Task.FromResult(inflator.Completed.Count == 1), "the late queue's message to be handled", 30);
    }

    [AwsFact]
    public async Task Refused_entries_are_reported_with_queue_and_entry_and_depth_counts_waiting_messages()
    {
        await using var bed = new AwsTestBed();
        await bed.CreateAllAsync();
        var host = await bed.StartHostAsync([]);
        var sender = host.Services.GetRequiredService<SqsQueueSender>();
        var queue = bed.Queues.Mirroring;

        await sender.SendAsync(queue, Enumerable.Range(1, 12).Select(n => new MirrorMod(GameId.Ksp, $"Mod{n}/Mod{n}-1.0.ckan").ToWire()).ToList(), default);
        Assert.Equal(12, await sender.GetDepthAsync(queue, default));

        var noGroup = new WireMessage("Bad/Bad-1.0.ckan", new Dictionary<string, string> { ["GameId"] = "ksp" }, "", "abc");
        var error = await Assert.ThrowsAsync<SqsSendException>(() => sender.SendAsync(queue, [noGroup], default));
        Assert.Contains(queue, error.Message);
        Assert.Contains("entry 0 (group , dedup abc)", error.Message);
        Assert.Contains("MessageGroupId", error.Message);
    }

    private static Dictionary<string, MessageAttributeValue> Strings(Dictionary<string, string> values) =>
        values.ToDictionary(x => x.Key, x => new MessageAttributeValue { DataType = "String", StringValue = x.Value });
}

/// <summary>An indexer whose push always fails: records the failure, then throws so the message is not deleted.</summary>
public sealed class FailingIndexer(NetKAN.Bus.Sagas.Recording.IModLifecycle lifecycle, StageProbe probe) : MassTransit.IConsumer<ModInflated>
{
    public async Task Consume(MassTransit.ConsumeContext<ModInflated> context)
    {
        await probe.EnterAsync(context);
        await lifecycle.RecordAsync(new IndexingFailed(context.Message.Game, context.Message.Identifier, TestStages.Indexed, "git push rejected"),
            context.CancellationToken);
        throw new InvalidOperationException("git push rejected");
    }
}
