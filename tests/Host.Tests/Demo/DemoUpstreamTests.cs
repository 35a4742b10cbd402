using System.Net;
using System.Net.Sockets;
using System.Text.Json.Nodes;
using NetKAN.Bus.Services.Demo;

namespace NetKAN.Bus.Services.Tests.Demo;

/// <summary>
/// The fake upstream as the container stack runs it (<c>netkan demo-upstream</c>): listening on one address, handing out
/// another in its URLs, and serving the sample netkans for the stack's test to push.
/// </summary>
public sealed class DemoUpstreamTests
{
    [Fact]
    public async Task It_hands_out_its_public_url_and_serves_the_sample_netkans()
    {
        var port = FreePort();
        await using var upstream = await FakeUpstream.StartAsync(SampleMods.All, $"http://127.0.0.1:{port}",
            "http://upstream:5090", CancellationToken.None);
        using var http = new HttpClient { BaseAddress = new Uri($"http://127.0.0.1:{port}") };

        Assert.Equal("http://upstream:5090", upstream.BaseUrl);
        var rover = SampleMods.All.Single(m => m.GitHubRepo is not null && m.Identifier == "DemoRover");
        var releases = JsonNode.Parse(await http.GetStringAsync($"/repos/{rover.GitHubRepo}/releases"))!.AsArray();
        Assert.Equal("http://upstream:5090" + rover.DownloadPath,
            releases[0]!["assets"]![0]!["browser_download_url"]!.GetValue<string>());

        var listed = JsonNode.Parse(await http.GetStringAsync("/netkans"))!.AsArray()
            .Select(x => (x!["identifier"]!.GetValue<string>(), x["version"]!.GetValue<string>())).ToList();
        Assert.Equal(SampleMods.All.Select(m => (m.Identifier, m.Version)), listed);
        var flag = SampleMods.All.Single(m => m.Identifier == "DemoFlag");
        Assert.Equal(flag.NetkanFileText.TrimEnd() + "\n", await http.GetStringAsync("/netkans/DemoFlag.netkan"));
        Assert.Equal(HttpStatusCode.NotFound, (await http.GetAsync("/netkans/NoSuchMod.netkan")).StatusCode);
    }

    private static int FreePort()
    {
        using var listener = new TcpListener(IPAddress.Loopback, 0);
        listener.Start();
        return ((IPEndPoint)listener.LocalEndpoint).Port;
    }
}
