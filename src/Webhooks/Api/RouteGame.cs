using NetKAN.Bus.Contracts.Games;

namespace NetKAN.Bus.Webhooks.Api;

/// <summary>The game of a route: <c>/&lt;route&gt;/&lt;game&gt;</c>, or <c>ksp</c> for the legacy game-less form (as nginx rewrote it).</summary>
public static class RouteGame
{
    public static GameId Parse(string? routeValue)
    {
        if (string.IsNullOrEmpty(routeValue))
        {
            return GameId.Ksp;
        }
        return GameId.TryParse(routeValue, out var game)
            ? game.Value
            : throw ApiProblem.NotFound($"Unknown game '{routeValue}'; expected one of: {string.Join(", ", GameId.All)}");
    }
}
