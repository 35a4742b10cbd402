using System.Collections.Concurrent;
using Microsoft.Extensions.DependencyInjection;
using NetKAN.Bus.Contracts.Lifecycle;
using NetKAN.Bus.Contracts.Games;
using NetKAN.Bus.Services.ModCatalog;
using NetKAN.Bus.Webhooks.Tests.Support;

namespace NetKAN.Bus.Webhooks.Tests;

/// <summary>A NetKAN push that freezes a mod purges its cached downloads, whether the .frozen was added or modified.</summary>
public sealed class FreezePurgeTests
{
    private sealed class RecordingPurge : IDownloadPurge
    {
        public ConcurrentQueue<(GameId Game, string Identifier)> Calls { get; } = new();

        public Task<IReadOnlyList<string>> PurgeAsync(GameId game, string identifier, CancellationToken cancellationToken)
        {
            Calls.Enqueue((game, identifier));
            return Task.FromResult<IReadOnlyList<string>>([]);
        }
    }

    private static string Push(string added, string modified) => $$"""
        {"ref": "refs/heads/master", "after": "9b8c7d6e5f4a3b2c1d0e9f8a7b6c5d4e3f2a1b0c",
         "commits": [{"id": "9b8c7d6e", "added": [{{added}}], "removed": [], "modified": [{{modified}}]}]}
        """;

    [Fact]
    public async Task Added_and_modified_frozen_files_mark_the_mod_frozen_and_purge_its_downloads()
    {
        var purge = new RecordingPurge();
        await using var host = await WebhookHost.StartAsync(services: s => s.AddSingleton<IDownloadPurge>(purge));
        await host.Lifecycle.RecordAsync(new InflationSucceeded(GameId.Ksp, "ScienceAlert", DateTimeOffset.UtcNow.AddDays(-3), "2.0"), default);
        await host.Lifecycle.RecordAsync(new InflationSucceeded(GameId.Ksp, "Astrogator", DateTimeOffset.UtcNow.AddDays(-3), "1.0"), default);

        var response = await host.Client.SendAsync(WebhookHost.GitHub("/gh/inflate/ksp",
            Push("\"NetKAN/ScienceAlert.frozen\"", "\"NetKAN/Astrogator.frozen\"")));

        await ApiAssert.NoContentAsync(response);
        Assert.Equal([(GameId.Ksp, "ScienceAlert"), (GameId.Ksp, "Astrogator")], purge.Calls);
        Assert.True((await host.Store.LoadAsync(ModSagaId.For(GameId.Ksp, "Astrogator"), default))!.Frozen);
        Assert.True((await host.Store.LoadAsync(ModSagaId.For(GameId.Ksp, "ScienceAlert"), default))!.Frozen);
        Assert.Empty(host.Queues.Sent);
    }
}
