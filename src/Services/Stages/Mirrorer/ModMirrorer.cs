using LibGit2Sharp;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;
using NetKAN.Bus.Contracts.GitHub;
using NetKAN.Bus.Contracts.Queues;
using NetKAN.Bus.Metadata.Ckan;
using NetKAN.Bus.Metadata;
using NetKAN.Bus.Services.Git;
using NetKAN.Bus.Services.GitHub;
using NetKAN.Bus.Services.Upstreams;

namespace NetKAN.Bus.Services.Mirrorer;

public enum MirrorResultKind
{
    /// <summary>The package (and source archive, when there is one) was uploaded.</summary>
    Mirrored,

    /// <summary>The item already holds a file with the package's SHA-1.</summary>
    AlreadyMirrored,

    /// <summary>Not mirrored on purpose (licence, kind, content type, game).</summary>
    Skipped,

    /// <summary>Can never be mirrored as asked (no such .ckan, unreadable .ckan, nothing to verify against).</summary>
    Rejected,
}

/// <param name="Detail">The item for Mirrored/AlreadyMirrored, otherwise the reason.</param>
/// <param name="Notes">Things worth logging that did not stop the mirror (a source archive that failed).</param>
public sealed record MirrorResult(MirrorResultKind Kind, string Detail, IReadOnlyList<string>? Uploaded = null, string? Notes = null);

/// <summary>
/// Mirrors one .ckan of CKAN-meta to the Internet Archive, as the original's <c>try_mirror</c>: pull CKAN-meta and read
/// the file; skip modules that may not be mirrored; skip items that already hold the package's SHA-1; get the
/// package (cache or download, SHA-256 verified); make sure the archive is not overloaded; upload the package and
/// then the repository's source archive to the item. Download, hash and upload failures throw (the message is
/// tried again later); <see cref="ArchiveOverloadedException"/> means "later" without anything being wrong.
/// </summary>
public sealed class ModMirrorer(
    GameRepositories repositories,
    ArchiveClient archive,
    MirrorDownloads downloads,
    GitHubClients gitHub,
    GitHubClientFactory gitHubUrls,
    IOptions<MirrorerOptions> options,
    ILogger<ModMirrorer> logger)
{
    public async Task<MirrorResult> MirrorAsync(MirrorMod message, CancellationToken cancellationToken)
    {
        if (!options.Value.Games.Contains(message.Game.Value, StringComparer.OrdinalIgnoreCase))
        {
            return new MirrorResult(MirrorResultKind.Skipped,
                $"Mirroring is enabled for {string.Join(", ", options.Value.Games)} only (Mirrorer:Games)");
        }
        var text = await ReadCkanAsync(message, cancellationToken).ConfigureAwait(false);
        if (text is null)
        {
            return new MirrorResult(MirrorResultKind.Rejected, $"{message.CkanPath} is not in the {message.Game} CKAN-meta");
        }
        CkanModule module;
        try
        {
            module = CkanModule.Parse(text, message.CkanPath);
        }
        catch (MetadataException e)
        {
            return new MirrorResult(MirrorResultKind.Rejected, e.Message);
        }

        var mirror = new CkanMirror(module, options.Value.Collection);
        if (mirror.SkipReason is { } reason)
        {
            logger.LogInformation("Ckan {Item} cannot be mirrored: {Reason}", mirror.Item, reason);
            return new MirrorResult(MirrorResultKind.Skipped, reason);
        }
        var item = mirror.Item;
        IReadOnlySet<string>? existing = null;
        if (module.DownloadHash?.Sha1 is { } knownSha1)
        {
            existing = await archive.FileSha1sAsync(item, cancellationToken).ConfigureAwait(false);
            if (existing.Contains(knownSha1.ToLowerInvariant()))
            {
                logger.LogInformation("Ckan {Item} is already mirrored", item);
                return new MirrorResult(MirrorResultKind.AlreadyMirrored, item);
            }
        }
        if (module.DownloadHash?.Sha256 is null)
        {
            return new MirrorResult(MirrorResultKind.Rejected,
                $"{module.Identifier} {module.Version} has no download_hash.sha256 to verify the download against");
        }

        var file = await downloads.GetAsync(module, cancellationToken).ConfigureAwait(false);
        if (existing is null)
        {
            existing = await archive.FileSha1sAsync(item, cancellationToken).ConfigureAwait(false);
            if (existing.Contains(file.Sha1.ToLowerInvariant()))
            {
                logger.LogInformation("Ckan {Item} is already mirrored", item);
                return new MirrorResult(MirrorResultKind.AlreadyMirrored, item);
            }
        }

        if (await archive.IsOverloadedAsync(item, cancellationToken).ConfigureAwait(false))
        {
            throw new ArchiveOverloadedException($"The Internet Archive is overloaded; {item} will be mirrored later");
        }

        var fileName = mirror.FileName!;
        logger.LogInformation("Uploading {Item}/{File} ({Size} bytes)", item, fileName, file.Length);
        await archive.UploadAsync(item, fileName, file.Path, module.DownloadContentType!, mirror.Metadata, cancellationToken)
            .ConfigureAwait(false);
        var uploaded = new List<string> { fileName };

        string? notes = null;
        if (options.Value.MirrorSource)
        {
            try
            {
                if (await MirrorSourceAsync(mirror, cancellationToken).ConfigureAwait(false) is { } source)
                {
                    uploaded.Add(source);
                }
            }
            catch (Exception e) when (e is MirrorDownloadException or ArchiveUploadException)
            {
                // The package is safe in the archive; a missing source archive is worth a warning, not a retry.
                notes = $"source archive not mirrored: {e.Message}";
                logger.LogWarning("{Item}: {Notes}", item, notes);
            }
        }
        return new MirrorResult(MirrorResultKind.Mirrored, item, uploaded, notes);
    }

    /// <summary>Reads the .ckan from the game's CKAN-meta after pulling it (a failed pull uses the copy as it is).</summary>
    private async Task<string?> ReadCkanAsync(MirrorMod message, CancellationToken cancellationToken)
    {
        var repository = await repositories.CkanMetaAsync(message.Game, cancellationToken).ConfigureAwait(false);
        using (await repository.LockAsync(cancellationToken).ConfigureAwait(false))
        {
            if (repository.Copy.HasRemote)
            {
                try
                {
                    repository.Pull();
                }
                catch (LibGit2SharpException e)
                {
                    logger.LogWarning("Could not pull {Repository}: {Problem}; reading the working copy as it is",
                        repository.Copy.Name, e.Message);
                }
            }
            var blob = repository.FindBlob(message.CkanPath);
            return blob is null ? null : repository.Copy.Repository.Lookup<Blob>(blob)?.GetContentText();
        }
    }

    /// <summary>Uploads the repository's source archive next to the package; returns its file name, or null when
    /// the repository is not on a host with source archives.</summary>
    private async Task<string?> MirrorSourceAsync(CkanMirror mirror, CancellationToken cancellationToken)
    {
        var repository = mirror.Module.Resources.GetValueOrDefault("repository");
        if (CkanMirror.SourceDownload(repository, "main") is null)
        {
            return null;
        }
        var branch = await DefaultBranchAsync(repository!, cancellationToken).ConfigureAwait(false);
        var url = CkanMirror.SourceDownload(repository, branch)!;
        logger.LogInformation("Attempting to archive source from {Url}", url);
        var temp = await downloads.DownloadAsync(FetchUrl(url), cancellationToken).ConfigureAwait(false);
        try
        {
            await archive.UploadAsync(mirror.Item, mirror.SourceFileName, temp, "application/zip", mirror.Metadata, cancellationToken)
                .ConfigureAwait(false);
            return mirror.SourceFileName;
        }
        finally
        {
            File.Delete(temp);
        }
    }

    /// <summary>A GitHub repository's default branch (GitHub API); <c>main</c> for other hosts or when GitHub cannot say.</summary>
    private async Task<string> DefaultBranchAsync(string repository, CancellationToken cancellationToken)
    {
        var parts = repository.Split('/');
        if (parts.Length >= 5 && parts[2] == "github.com")
        {
            try
            {
                var repo = await gitHub.Client.Repository.Get(parts[3], parts[4]).WaitAsync(cancellationToken).ConfigureAwait(false);
                if (!string.IsNullOrEmpty(repo.DefaultBranch))
                {
                    return repo.DefaultBranch;
                }
            }
            catch (Octokit.ApiException e)
            {
                logger.LogWarning("Could not read the default branch of {Repository}: {Problem}; using main", repository, e.Message);
            }
        }
        return "main";
    }

    /// <summary>github.com source archives are fetched from the factory's <see cref="GitHubClientFactory.Site"/>
    /// (<c>Upstreams:GitHub</c>, the real site unless configured).</summary>
    private string FetchUrl(string url)
    {
        const string gitHubSite = "https://github.com/";
        return url.StartsWith(gitHubSite, StringComparison.Ordinal)
            ? gitHubUrls.SiteUrl(url[gitHubSite.Length..]).AbsoluteUri
            : url;
    }
}
