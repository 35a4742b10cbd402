using Amazon.S3;
using Amazon.S3.Model;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;
using NetKAN.Bus.Contracts.Games;
using NetKAN.Bus.Sagas.Persistence;
using NetKAN.Bus.Sagas.Status;

namespace NetKAN.Bus.Services.Status;

/// <summary>
/// Writes every game's status rows in the original status JSON format (<see cref="StatusJson"/>) to S3
/// (<c>status/netkan.json</c>, <c>status/netkan-ksp2.json</c>, Content-Type application/json) and/or a folder.
/// </summary>
public sealed class StatusDumper(IModStateStore store, IAmazonS3 s3, IOptions<StatusDumperOptions> options,
    ILogger<StatusDumper> logger)
{
    /// <summary>Dumps to the given bucket and folder (null: the configured ones); returns the locations written.</summary>
    public async Task<IReadOnlyList<string>> DumpAsync(string? bucket, string? folder, CancellationToken cancellationToken)
    {
        bucket ??= options.Value.Bucket;
        folder ??= options.Value.Folder;
        if (string.IsNullOrWhiteSpace(bucket) && string.IsNullOrWhiteSpace(folder))
        {
            throw new InvalidOperationException("Nowhere to write the status: set StatusDumper:Bucket and/or StatusDumper:Folder (or --bucket / --folder).");
        }
        var rows = await store.ListAsync(null, cancellationToken); // one scan for every game
        var written = new List<string>();
        foreach (var game in GameId.All)
        {
            var json = StatusJson.Write(rows, game);
            var mods = rows.Count(x => x.GameId == game.Value);
            if (!string.IsNullOrWhiteSpace(bucket))
            {
                var key = options.Value.Prefix + StatusJson.FileName(game);
                await s3.PutObjectAsync(new PutObjectRequest
                {
                    BucketName = bucket,
                    Key = key,
                    ContentBody = json,
                    ContentType = "application/json",
                }, cancellationToken);
                written.Add($"s3://{bucket}/{key}");
                logger.LogInformation("Status of {Count} {Game} mods written to s3://{Bucket}/{Key}", mods, game, bucket, key);
            }
            if (!string.IsNullOrWhiteSpace(folder))
            {
                var path = Path.Combine(folder, StatusJson.FileName(game));
                await WriteFileAsync(path, json, cancellationToken);
                written.Add(path);
                logger.LogInformation("Status of {Count} {Game} mods written to {Path}", mods, game, path);
            }
        }
        return written;
    }

    /// <summary>Creates the configured bucket when <c>StatusDumper:CreateBucket</c> is set and it is missing.</summary>
    public async Task EnsureBucketAsync(CancellationToken cancellationToken)
    {
        if (!options.Value.CreateBucket || string.IsNullOrWhiteSpace(options.Value.Bucket))
        {
            return;
        }
        var buckets = (await s3.ListBucketsAsync(new ListBucketsRequest(), cancellationToken)).Buckets ?? [];
        if (buckets.All(x => x.BucketName != options.Value.Bucket))
        {
            await s3.PutBucketAsync(new PutBucketRequest { BucketName = options.Value.Bucket }, cancellationToken);
            logger.LogInformation("Created status bucket {Bucket}", options.Value.Bucket);
        }
    }

    /// <summary>Write then rename, so readers never see half a file. Each write has its own temp file: a scheduled
    /// dump and a one-off dump of the same folder may run at once.</summary>
    private static async Task WriteFileAsync(string path, string json, CancellationToken cancellationToken)
    {
        Directory.CreateDirectory(Path.GetDirectoryName(Path.GetFullPath(path))!);
        var temp = $"{path}.{Guid.NewGuid():N}.tmp";
        await File.WriteAllTextAsync(temp, json, cancellationToken);
        File.Move(temp, path, overwrite: true);
    }
}
