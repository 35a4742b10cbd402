using Microsoft.Extensions.DependencyInjection;
using NetKAN.Bus.Contracts.Games;
using NetKAN.Bus.Contracts.Queues;
using NetKAN.Bus.Contracts.Wire;
using NetKAN.Bus.Services.Roles;
using NetKAN.Bus.Services.Tests.Support;
using NetKAN.Bus.Services.Transport.InMemory;
using NetKAN.Bus.TestSupport;

namespace NetKAN.Bus.Services.Tests.Inflation;

/// <summary>The inflator stage on the bus: InflateMod in, ModInflated messages with the documented attributes out.</summary>
public sealed class InflateModConsumerTests
{
    [Fact]
    public async Task Results_carry_the_documented_attributes_warnings_and_staging()
    {
        using var temp = new TempDir();
        await using var bed = await InflationTestBed.StartAsync(temp);
        await using var host = await ServicesHarness.StartAsync(temp.Combine("data"), bed.Configuration(), "inflator");
        var sender = host.Services.GetRequiredService<ContractSender>();

        await sender.SendAsync(new InflateMod(GameId.Ksp, InflationTestBed.TelescopeNetkan), default);
        // An older version than the one already indexed: auto-epoched and staged for review.
        await sender.SendAsync(new InflateMod(GameId.Ksp, InflationTestBed.FlagNetkan, HighestVersion: "1.5"), default);
        await sender.SendAsync(new InflateMod(GameId.Ksp, "identifier: Missing\n$kref: '#/ckan/spacedock/999'\nlicense: MIT\n"), default);

        var results = await ReadAsync(host.InMemoryQueues, "Outbound.fifo", 3);
        var byMod = results.ToDictionary(m => m.Attribute("ModIdentifier")!);

        var ok = byMod["DemoTelescope"];
        Assert.Equal("True", ok.Attributes["Success"]);
        Assert.Equal("False", ok.Attributes["Staged"]);
        Assert.Equal("ksp", ok.Attributes["GameId"]);
        Assert.Equal("DemoTelescope-0.9.5.ckan", ok.Attributes["FileName"]);
        Assert.Matches(@"^\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d$", ok.Attributes["CheckTime"]);
        Assert.Contains("$vref is not ksp-avc, version file present", ok.Attributes["WarningMessages"]);
        Assert.StartsWith("{\n    \"spec_version\"", ok.Body);
        Assert.DoesNotContain("ErrorMessage", ok.Attributes.Keys);

        var staged = byMod["DemoFlag"];
        Assert.Equal("True", staged.Attributes["Staged"]);
        Assert.Equal("DemoFlag-1-1.2.0.ckan", staged.Attributes["FileName"]);
        Assert.Contains("1:1.2.0", staged.Body);
        Assert.Contains("out of order", staged.Attributes["StagingReason"], StringComparison.OrdinalIgnoreCase);

        var failed = byMod["Missing"];
        Assert.Equal("False", failed.Attributes["Success"]);
        Assert.Equal("{}", failed.Body);
        Assert.DoesNotContain("FileName", failed.Attributes.Keys);
        Assert.Contains("SpaceDock", failed.Attributes["ErrorMessage"]);
    }

    /// <summary>Takes the messages that arrived on a queue nobody in this host consumes.</summary>
    private static async Task<List<WireMessage>> ReadAsync(InMemoryQueues queues, string queue, int count)
    {
        using var timeout = new CancellationTokenSource(TimeSpan.FromSeconds(60));
        var messages = new List<WireMessage>();
        while (messages.Count < count)
        {
            messages.Add(await queues.TakeAsync(queue, timeout.Token));
        }
        return messages;
    }
}
