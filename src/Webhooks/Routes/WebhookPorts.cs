using Microsoft.Extensions.DependencyInjection;
using NetKAN.Bus.Contracts.Games;
using NetKAN.Bus.Webhooks.Api;
using NetKAN.Bus.Services.ModCatalog;

namespace NetKAN.Bus.Webhooks.Routes;

/// <summary>
/// The git-backed ports the webhooks need (implemented by the Services host). A process without them, or without
/// repositories for the requested game, still answers: 503 with the reason, instead of failing at start or with a 500.
/// </summary>
public sealed class WebhookPorts(IServiceProvider services)
{
    private const string NotConfigured = "the NetKAN repositories are not configured (Repos:<game>:NetKan, Repos:<game>:CkanMeta)";

    public IInflationRequests Inflation(GameId game) =>
        Served(game, services.GetService<IInflationRequests>(), "request inflations");

    public INetkanCatalog Catalog(GameId game) =>
        Served(game, services.GetService<INetkanCatalog>(), "look up netkans");

    public ICkanMetaFiles CkanMeta(GameId game) =>
        Served(game, services.GetService<ICkanMetaFiles>(), "look up CKAN-meta files");

    private T Served<T>(GameId game, T? port, string what) where T : class
    {
        if (port is null)
        {
            throw ApiProblem.Unavailable($"This process cannot {what}: {NotConfigured}");
        }
        if (services.GetService<IServedGames>() is { } served && !served.Serves(game))
        {
            throw ApiProblem.Unavailable(
                $"This process cannot {what} for {game}: its repositories are not configured here (Repos:{game}:NetKan, Repos:{game}:CkanMeta)");
        }
        return port;
    }

    /// <summary>Null when this process has no CKAN-meta to find a mod's downloads in (nothing to purge then).</summary>
    public IDownloadPurge? DownloadPurge => services.GetService<IDownloadPurge>();
}
