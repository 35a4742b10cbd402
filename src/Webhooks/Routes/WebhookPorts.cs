using Microsoft.Extensions.DependencyInjection;
using NetKAN.Bus.Webhooks.Api;
using NetKAN.Bus.Services.ModCatalog;

namespace NetKAN.Bus.Webhooks.Routes;

/// <summary>
/// The git-backed ports the webhooks need (implemented by the Services host). A process without them still answers:
/// 503 with the reason, instead of failing at start or with a bare 500.
/// </summary>
public sealed class WebhookPorts(IServiceProvider services)
{
    public IInflationRequests Inflation =>
        services.GetService<IInflationRequests>()
        ?? throw ApiProblem.Unavailable("This process cannot request inflations: the NetKAN repositories are not configured (Repos:<game>:NetKan, Repos:<game>:CkanMeta)");

    public INetkanCatalog Catalog =>
        services.GetService<INetkanCatalog>()
        ?? throw ApiProblem.Unavailable("This process cannot look up netkans: the NetKAN repositories are not configured (Repos:<game>:NetKan, Repos:<game>:CkanMeta)");
}
