using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.Logging;
using NetKAN.Bus.Contracts.Lifecycle;
using NetKAN.Bus.Sagas.Persistence;
using NetKAN.Bus.Sagas.Recording;
using NetKAN.Bus.Services.ModCatalog;
using NetKAN.Bus.Webhooks.Security;

namespace NetKAN.Bus.Webhooks.Routes;

/// <summary>
/// <c>POST /gh/inflate/&lt;game&gt;</c>, a signed GitHub push to the game's NetKAN repository: every <c>.netkan</c> added or
/// modified on the primary branch is inflated; every <c>.frozen</c> added marks that mod frozen. Removed files are ignored.
/// </summary>
public sealed class GitHubInflateHook(
    PrimaryBranchPush pushes,
    WebhookPorts ports,
    IModLifecycle lifecycle,
    IModStateStore store,
    TimeProvider time,
    ILogger<GitHubInflateHook> logger)
{
    public async Task<IResult> HandleAsync(HttpContext context)
    {
        var (request, push, answer) = await pushes.AdmitAsync(context, RepositoryKind.NetKan);
        if (push is null)
        {
            return answer!;
        }
        var cancel = context.RequestAborted;

        var source = $"GitHub push {push.ShortHead}";
        foreach (var identifier in Stems(push.Added(), ".frozen"))
        {
            await MarkFrozenAsync(request, identifier, source, cancel);
        }

        var identifiers = Stems(push.AddedOrModified(), ".netkan");
        if (identifiers.Count == 0)
        {
            return Results.NoContent();
        }
        logger.LogInformation("{Source} to {Game} NetKAN: inflating {Identifiers}", source, request.Game, string.Join(", ", identifiers));
        var outcome = await ports.Inflation.RequestAsync(request.Game, identifiers, source, cancel);
        return InflationAnswer.For(outcome);
    }

    /// <summary>As the original: only a mod that has a status row, and is not frozen yet, is marked.</summary>
    private async Task MarkFrozenAsync(WebhookRequest request, string identifier, string source, CancellationToken cancel)
    {
        var state = await store.LoadAsync(ModSagaId.For(request.Game, identifier), cancel);
        if (state is null || state.Frozen)
        {
            logger.LogInformation("{Identifier} ({Game}) was frozen by {Source}; {Why}", identifier, request.Game, source,
                state is null ? "it has no status row, nothing to mark" : "already marked frozen");
            return;
        }
        await lifecycle.RecordAsync(new ModFrozen(request.Game, identifier, time.GetUtcNow(), source), cancel);
        logger.LogInformation("{Identifier} ({Game}) marked frozen by {Source}", identifier, request.Game, source);
    }

    /// <summary>File stems of the paths with the extension (<c>NetKAN/Astrogator.netkan</c> → <c>Astrogator</c>).</summary>
    private static IReadOnlyList<string> Stems(IEnumerable<string> paths, string extension) =>
        paths.Where(x => x.EndsWith(extension, StringComparison.Ordinal))
            .Select(Path.GetFileNameWithoutExtension)
            .OfType<string>()
            .Where(x => x.Length > 0)
            .Distinct(StringComparer.Ordinal)
            .ToList();
}
