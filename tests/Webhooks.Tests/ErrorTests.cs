using System.Net;
using System.Text.Json;
using Microsoft.Extensions.DependencyInjection;
using NetKAN.Bus.Contracts.Games;
using NetKAN.Bus.Services.ModCatalog;
using NetKAN.Bus.Webhooks.Tests.Support;

namespace NetKAN.Bus.Webhooks.Tests;

/// <summary>The original answered all of these with an empty 500.</summary>
public sealed class ErrorTests
{
    [Fact]
    public async Task Unknown_routes_and_wrong_methods_get_404_and_405_with_a_JSON_error()
    {
        await using var host = await WebhookHost.StartAsync();

        var unknown = await host.Client.PostAsync("/gh/inflat/ksp", new StringContent("{}"));
        var wrongMethod = await host.Client.GetAsync("/gh/inflate/ksp");
        var deleteOnDashboard = await host.Client.DeleteAsync("/");

        await ApiAssert.ErrorAsync(unknown, HttpStatusCode.NotFound, "No route for POST /gh/inflat/ksp");
        await ApiAssert.ErrorAsync(wrongMethod, HttpStatusCode.MethodNotAllowed, "GET is not allowed on /gh/inflate/ksp");
        await ApiAssert.ErrorAsync(deleteOnDashboard, HttpStatusCode.MethodNotAllowed, "DELETE is not allowed on /");
    }

    [Fact]
    public async Task An_unexpected_failure_is_a_500_with_a_message_and_a_trace_id_but_no_internals()
    {
        await using var host = await WebhookHost.StartAsync(services: s => s.AddSingleton<IInflationRequests, ExplodingRequests>());

        var response = await host.Client.PostAsync("/inflate/ksp", new StringContent("""{"identifiers": ["Astrogator"]}"""));

        var error = await ApiAssert.ErrorAsync(response, HttpStatusCode.InternalServerError, "failed to handle POST /inflate/ksp");
        Assert.DoesNotContain("/secret/path", error);
        using var json = JsonDocument.Parse(await response.Content.ReadAsStringAsync());
        var traceId = json.RootElement.GetProperty("traceId").GetString();
        Assert.False(string.IsNullOrEmpty(traceId));
        Assert.Contains(traceId, error);
    }

    [Fact]
    public async Task Without_the_NetKAN_ports_the_routes_that_need_them_say_so_with_503()
    {
        await using var host = await WebhookHost.StartAsync(ports: PortsMode.None);

        var response = await host.Client.PostAsync("/inflate/ksp", new StringContent("""{"identifiers": ["Astrogator"]}"""));
        var add = await host.Client.PostAsync("/sd/add/ksp", new FormUrlEncodedContent([new("name", "Mod"), new("id", "1")]));

        await ApiAssert.ErrorAsync(response, HttpStatusCode.ServiceUnavailable, "NetKAN repositories are not configured");
        await ApiAssert.NoContentAsync(add); // adding needs no repository
    }

    private sealed class ExplodingRequests : IInflationRequests
    {
        public Task<InflationRequestOutcome> RequestAsync(GameId game, IReadOnlyList<string> identifiers, string source,
            CancellationToken cancellationToken) =>
            throw new InvalidOperationException("git pull failed in /secret/path/NetKAN");
    }
}
