using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using NetKAN.Bus.Contracts.Games;
using NetKAN.Bus.Contracts.Queues;
using NetKAN.Bus.Contracts.Wire;
using NetKAN.Bus.Services.Demo;
using NetKAN.Bus.Services.Hosting;
using NetKAN.Bus.Services.Roles;
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
        var workspace = DemoWorkspace.Create(temp.Path, SampleMods.All);
        await using var upstream = await FakeUpstream.StartAsync(SampleMods.All, default);
        using var host = NetkanHost.Build(
            new HostSettings { Roles = ["inflator"], Transport = "inmemory", Store = "memory", DataDir = temp.Path },
            configureConfiguration: c => c.AddInMemoryCollection(DemoConfiguration.For(workspace, upstream.BaseUrl)));
        await host.StartAsync();
        var queues = host.Services.GetRequiredService<InMemoryQueues>();
        var sender = host.Services.GetRequiredService<ContractSender>();
        var telescope = SampleMods.All.Single(m => m.Identifier == "DemoTelescope");
        var flag = SampleMods.All.Single(m => m.Identifier == "DemoFlag");

        await sender.SendAsync(new InflateMod(GameId.Ksp, telescope.NetkanFileText), default);
        // An older version than the one already indexed: auto-epoched and staged for review.
        await sender.SendAsync(new InflateMod(GameId.Ksp, flag.NetkanFileText, HighestVersion: "1.5"), default);
        await sender.SendAsync(new InflateMod(GameId.Ksp, "identifier: Missing\n$kref: '#/ckan/spacedock/999'\nlicense: MIT\n"), default);

        var results = await ReadAsync(queues, "Outbound.fifo", 3);
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
        await host.StopAsync();
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
