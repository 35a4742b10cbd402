using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.Logging;
using NetKAN.Bus.Contracts.Lifecycle;
using NetKAN.Bus.Sagas.Persistence;
using NetKAN.Bus.Sagas.Recording;
using NetKAN.Bus.Services.Git;
using NetKAN.Bus.Services.ModCatalog;
using NetKAN.Bus.Webhooks.Security;
using NetKAN.Bus.Contracts.Games;

namespace NetKAN.Bus.Webhooks.Routes;

/// <summary>
/// <c>POST /gh/inflate/&lt;game&gt;</c>, a signed GitHub push to the game's NetKAN repository: every <c>.netkan</c> added or
/// modified on the primary branch is inflated; every <c>.frozen</c> added or modified marks that mod frozen and purges
/// its cached downloads (as the original). Removed files are ignored.
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
        foreach (var identifier in Stems(push.AddedOrModified(), ".frozen"))
        {
            await MarkFrozenAsync(request, identifier, source, cancel);
            await PurgeDownloadsAsync(request, identifier, cancel);
        }

        var identifiers = Stems(push.AddedOrModified(), ".netkan");
        if (identifiers.Count == 0)
        {
            return Results.NoContent();
        }
        logger.LogInformation("{Source} to {Game} NetKAN: inflating {Identifiers}", source, request.Game, string.Join(", ", identifiers));
        var outcome = await ports.Inflation(request.Game).RequestAsync(request.Game, identifiers, source, cancel);
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

    /// <summary>A failed purge only costs disk space: logged, never a failed delivery.</summary>
    private async Task PurgeDownloadsAsync(WebhookRequest request, string identifier, CancellationToken cancel)
    {
        if (ports.DownloadPurge is not { } purge)
        {
            return;
        }
        try
        {
            await purge.PurgeAsync(request.Game, identifier, cancel);
        }
        catch (Exception e) when (e is not OperationCanceledException)
        {
            logger.LogWarning("Could not purge the cached downloads of frozen {Identifier} ({Game}): {Problem}", identifier, request.Game, e.Message);
        }
    }

    /// <summary>Identifiers of the netkans the paths name (<c>NetKAN/Astrogator.netkan</c> → <c>Astrogator</c>): only
    /// <c>NetKAN/&lt;identifier&gt;&lt;extension&gt;</c> with a valid CKAN identifier counts; anything else
    /// (<c>../x.netkan</c>, <c>a/b.frozen</c>) names no mod of the repository and is ignored.</summary>
    private static IReadOnlyList<string> Stems(IEnumerable<string> paths, string extension) =>
        paths.Where(x => x.StartsWith("NetKAN/", StringComparison.Ordinal) && x.EndsWith(extension, StringComparison.Ordinal))
            .Select(x => x["NetKAN/".Length..^extension.Length])
            .Where(ModIdentifier.IsValid)
            .Distinct(StringComparer.Ordinal)
            .ToList();
}
