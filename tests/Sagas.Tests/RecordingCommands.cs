using System.Collections.Concurrent;
using NetKAN.Bus.Contracts.Games;
using NetKAN.Bus.Sagas.Lifecycle;

namespace NetKAN.Bus.Sagas.Tests;

/// <summary>The stage requests the saga made, in order ("mirror ksp/Mod/Mod-1.0.ckan", "inflate ksp/Mod").</summary>
public sealed class RecordingCommands : ILifecycleCommands
{
    private readonly ConcurrentQueue<string> _sent = new();

    public IReadOnlyList<string> Sent => _sent.ToList();

    public Task RequestMirrorAsync(GameId game, string ckanPath, CancellationToken cancellationToken)
    {
        _sent.Enqueue($"mirror {game.Value}/{ckanPath}");
        return Task.CompletedTask;
    }

    public Task RequestInflationAsync(GameId game, string identifier, CancellationToken cancellationToken)
    {
        _sent.Enqueue($"inflate {game.Value}/{identifier}");
        return Task.CompletedTask;
    }
}
