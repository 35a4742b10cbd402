using System.Security.Cryptography;
using NetKAN.Bus.Inflator.Downloads;
using NetKAN.Bus.Contracts.Queues;
using NetKAN.Bus.Contracts.Games;
using NetKAN.Bus.Services.Mirrorer;
using NetKAN.Bus.Services.Tests.Support;
using NetKAN.Bus.TestSupport;

namespace NetKAN.Bus.Services.Tests.Mirrorer;

/// <summary>
/// The mirrorer end to end: wire messages through the queue dispatcher, a real CKAN-meta clone of a bare remote, the
/// fake archive (S3 uploads, check_limit, item metadata) and download host, and the saga rows on the in-memory store.
/// </summary>
public sealed class MirrorerTests : IAsyncLifetime
{
    private const string Sha1 = "DF564E21929EA07C624F822E5C43B7D0A3B0DBDF";
    private static readonly byte[] Package = Enumerable.Range(0, 33333).Select(i => (byte)(i * 7 % 251)).ToArray();
    private static readonly string Sha256 = Convert.ToHexString(SHA256.HashData(Package));
    private static readonly byte[] SourceZip = ZipBuilder.Build(("Astrogator-primary/README.md", "source"));

    private readonly TempDir _dir = new("netkan-mirrorer");
    private FakeArchive _archive = null!;
    private ServicesHarness _host = null!;
    private string _downloadUrl = null!;

    public async Task InitializeAsync()
    {
        _archive = await FakeArchive.StartAsync();
        _downloadUrl = $"{_archive.Url}/files/AwesomeMod-1.0.0.zip";
        _archive.Files["/files/AwesomeMod-1.0.0.zip"] = Package;
        _archive.Files["/files/SourceMod-2.0.zip"] = Package;
        _archive.Files["/HebaruSan/Astrogator/archive/primary.zip"] = SourceZip;
        _archive.DefaultBranches["HebaruSan/Astrogator"] = "primary";
        var remote = GitRepos.CreateBare(_dir.Combine("CKAN-meta.git"), new Dictionary<string, string>
        {
            ["AwesomeMod/AwesomeMod-1.0.0.ckan"] = Ckan("AwesomeMod", "Awesome Mod", "1.0.0", _downloadUrl),
            ["SourceMod/SourceMod-2.0.ckan"] = Ckan("SourceMod", "Source Mod", "2.0", $"{_archive.Url}/files/SourceMod-2.0.zip",
                resources: """{ "homepage": "https://example.com/sm", "repository": "https://github.com/HebaruSan/Astrogator/releases" }"""),
            ["RestrictedMod/RestrictedMod-1.0.ckan"] = Ckan("RestrictedMod", "Restricted", "1.0", _downloadUrl, license: "\"restricted\""),
            ["BadHashMod/BadHashMod-1.0.ckan"] = Ckan("BadHashMod", "Bad Hash", "1.0", _downloadUrl, sha256: new string('0', 64)),
        });
        _host = await ServicesHarness.StartAsync(_dir.Combine("data"), new Dictionary<string, string?>
        {
            ["Repos:ksp:CkanMeta:Remote"] = remote,
            ["Repos:ksp:CkanMeta:Path"] = _dir.Combine("work", "CKAN-meta"),
            ["GitHub:ApiUrl"] = _archive.Url,
            ["Upstreams:ArchiveS3"] = _archive.Url,
            ["Upstreams:Archive"] = _archive.Url,
            ["Upstreams:GitHub"] = _archive.Url,
            ["Archive:AccessKey"] = "access",
            ["Archive:SecretKey"] = "secret",
            ["Inflator:CacheDir"] = _dir.Combine("cache"),
        }, "mirrorer");
    }

    public async Task DisposeAsync()
    {
        await _host.DisposeAsync();
        await _archive.DisposeAsync();
        _dir.Dispose();
    }

    [Fact]
    public async Task A_redistributable_download_is_uploaded_with_the_original_item_name_and_metadata_headers()
    {
        await MirrorAsync("AwesomeMod/AwesomeMod-1.0.0.ckan");

        var upload = Assert.Single(_archive.Uploads);
        Assert.Equal("/AwesomeMod-1.0.0/DF564E21-AwesomeMod-1.0.0.zip", upload.Path);
        Assert.Equal(Package, upload.Body);
        Assert.Equal("LOW access:secret", upload.Header("authorization"));
        Assert.Equal("1", upload.Header("x-amz-auto-make-bucket"));
        Assert.Equal("33333", upload.Header("Content-Length"));
        Assert.Equal("application/zip", upload.Header("Content-Type"));
        Assert.Equal("uri(Awesome%20Mod%20-%201.0.0)", upload.Header("x-archive-meta00-title"));
        Assert.Equal("uri(A%20great%20mod%3Cbr%3E%3Cbr%3ELicense%28s%29%3A%20CC-BY-NC-SA-4.0%20GPL-3.0%20MIT)",
            upload.Header("x-archive-meta00-description"));
        Assert.Equal(["techman83", "DasSkelett", "politas"],
            new[] { "00", "01", "02" }.Select(i => upload.Header($"x-archive-meta{i}-creator")));
        Assert.Equal("kspckanmods", upload.Header("x-archive-meta00-collection"));
        Assert.Equal("uri(ksp%3B%20kerbal%20space%20program%3B%20mod)", upload.Header("x-archive-meta00-subject"));
        Assert.Equal("software", upload.Header("x-archive-meta00-mediatype"));
        Assert.Equal("http://creativecommons.org/licenses/by-nc-sa/4.0", upload.Header("x-archive-meta00-licenseurl"));
        Assert.Equal("https://opensource.org/licenses/MIT", upload.Header("x-archive-meta02-licenseurl"));

        // Asked whether the item already holds the file, and whether the archive is overloaded, before uploading.
        var order = _archive.Requests.Select(x => (x.Method, x.Path, x.Query)).ToList();
        var metadata = order.FindIndex(x => x is ("GET", "/metadata/AwesomeMod-1.0.0", _));
        var probe = order.FindIndex(x => x.Method == "GET" && x.Path == "/" && x.Query == "?check_limit=1&accesskey=access&bucket=AwesomeMod-1.0.0");
        var put = order.FindIndex(x => x.Method == "PUT");
        Assert.InRange(metadata, 0, put);
        Assert.InRange(probe, 0, put);

        // The fresh download joined the cache under the inflator's name, with hash sidecars.
        var cached = Path.Combine(_dir.Combine("cache"), $"{DownloadCacheLayout.UrlPrefix(_downloadUrl)}-netkan-AwesomeMod.zip");
        Assert.Equal(Package, File.ReadAllBytes(cached));
        Assert.Equal(Sha256, File.ReadAllText(cached + ".sha256"));

        var state = await _host.StateAsync("AwesomeMod");
        Assert.Equal("Mirrored", state.CurrentState);
        Assert.Equal("mirrored", state.MirrorStatus);
        Assert.Equal("AwesomeMod-1.0.0", state.MirrorDetail);
        Assert.NotNull(state.LastMirrored);
        Assert.Null(state.LastError);
    }

    [Fact]
    public async Task A_matching_cached_package_is_uploaded_without_downloading_it_again()
    {
        var cache = Directory.CreateDirectory(_dir.Combine("cache")).FullName;
        File.WriteAllBytes(Path.Combine(cache, $"{DownloadCacheLayout.UrlPrefix(_downloadUrl)}-netkan-AwesomeMod.zip"), Package);

        await MirrorAsync("AwesomeMod/AwesomeMod-1.0.0.ckan");

        Assert.DoesNotContain(_archive.Requests, x => x.Path.StartsWith("/files/", StringComparison.Ordinal));
        Assert.Equal(Package, Assert.Single(_archive.Uploads).Body);
    }

    [Fact]
    public async Task A_cached_package_with_the_wrong_hash_is_purged_and_downloaded_again()
    {
        var cache = Directory.CreateDirectory(_dir.Combine("cache")).FullName;
        var stale = Path.Combine(cache, $"{DownloadCacheLayout.UrlPrefix(_downloadUrl)}-netkan-AwesomeMod.zip");
        File.WriteAllBytes(stale, [1, 2, 3]);
        File.WriteAllText(stale + ".sha1", "stale");
        File.WriteAllText(stale + ".sha256", "stale");

        await MirrorAsync("AwesomeMod/AwesomeMod-1.0.0.ckan");

        Assert.Single(_archive.Requests, x => x is { Method: "GET", Path: "/files/AwesomeMod-1.0.0.zip" });
        Assert.Equal(Package, File.ReadAllBytes(stale)); // replaced by the verified download
        Assert.Equal(Sha256, File.ReadAllText(stale + ".sha256"));
        Assert.Equal(Package, Assert.Single(_archive.Uploads).Body);
    }

    [Fact]
    public async Task An_item_that_already_holds_the_sha1_is_not_uploaded_again()
    {
        _archive.Items["AwesomeMod-1.0.0"] = [("DF564E21-AwesomeMod-1.0.0.zip", Sha1.ToLowerInvariant())];

        await MirrorAsync("AwesomeMod/AwesomeMod-1.0.0.ckan");

        Assert.Empty(_archive.Uploads);
        Assert.DoesNotContain(_archive.Requests, x => x.Path.StartsWith("/files/", StringComparison.Ordinal));
        var state = await _host.StateAsync("AwesomeMod");
        Assert.Equal("Mirrored", state.CurrentState);
        Assert.Equal("AwesomeMod-1.0.0", state.MirrorDetail);
    }

    [Fact]
    public async Task The_source_archive_of_the_repository_default_branch_goes_into_the_same_item()
    {
        await MirrorAsync("SourceMod/SourceMod-2.0.ckan");

        var uploads = _archive.Uploads.ToList();
        Assert.Equal(["/SourceMod-2.0/DF564E21-SourceMod-2.0.zip", "/SourceMod-2.0/SourceMod-2.0.source.zip"], uploads.Select(x => x.Path));
        var source = uploads[1];
        Assert.Equal(SourceZip, source.Body);
        Assert.Equal("application/zip", source.Header("Content-Type"));
        Assert.Equal(SourceZip.Length.ToString(System.Globalization.CultureInfo.InvariantCulture), source.Header("Content-Length"));
        Assert.Equal("1", source.Header("x-amz-auto-make-bucket"));
        Assert.Equal(
            "uri(A%20great%20mod%3Cbr%3E%3Cbr%3EHomepage%3A%20%3Ca%20href%3D%22https%3A//example.com/sm%22%3Ehttps%3A//example.com/sm%3C/a%3E"
            + "%3Cbr%3ERepository%3A%20%3Ca%20href%3D%22https%3A//github.com/HebaruSan/Astrogator/releases%22%3Ehttps%3A//github.com/HebaruSan/Astrogator/releases%3C/a%3E"
            + "%3Cbr%3ELicense%28s%29%3A%20CC-BY-NC-SA-4.0%20GPL-3.0%20MIT)",
            source.Header("x-archive-meta00-description"));
        Assert.Single(_archive.Requests, x => x is { Method: "GET", Path: "/api/v3/repos/HebaruSan/Astrogator" });
        Assert.Equal("Mirrored", (await _host.StateAsync("SourceMod")).CurrentState);
    }

    [Fact]
    public async Task A_licence_that_forbids_redistribution_is_recorded_as_skipped_with_the_reason()
    {
        await MirrorAsync("RestrictedMod/RestrictedMod-1.0.ckan");

        Assert.Empty(_archive.Requests);
        var state = await _host.StateAsync("RestrictedMod");
        Assert.Equal("MirrorSkipped", state.CurrentState);
        Assert.Equal("skipped", state.MirrorStatus);
        Assert.Equal("License(s) restricted do not allow redistribution", state.MirrorDetail);
        Assert.Null(state.LastError);
    }

    [Fact]
    public async Task Another_game_is_skipped_because_mirroring_is_ksp_only()
    {
        await _host.Dispatcher.HandleAsync(_host.Queues.Mirroring,
            new MirrorMod(GameId.Ksp2, "AwesomeMod/AwesomeMod-1.0.0.ckan").ToWire(), null, ServicesHarness.Timeout);

        Assert.Empty(_archive.Requests);
        var state = await _host.StateAsync("AwesomeMod", GameId.Ksp2);
        Assert.Equal("MirrorSkipped", state.CurrentState);
        Assert.Equal("Mirroring is enabled for ksp only (Mirrorer:Games)", state.MirrorDetail);
    }

    [Fact]
    public async Task An_overloaded_archive_keeps_the_message_without_uploading_or_recording_a_failure()
    {
        _archive.OverLimit = 1;

        var error = await Assert.ThrowsAnyAsync<Exception>(() => MirrorAsync("AwesomeMod/AwesomeMod-1.0.0.ckan"));

        Assert.Contains("overloaded", error.ToString(), StringComparison.OrdinalIgnoreCase);
        Assert.Empty(_archive.Uploads);
        Assert.Null(await _host.Store.LoadAsync(NetKAN.Bus.Contracts.Lifecycle.ModSagaId.For(GameId.Ksp, "AwesomeMod"), ServicesHarness.Timeout));

        _archive.OverLimit = 0;
        await MirrorAsync("AwesomeMod/AwesomeMod-1.0.0.ckan"); // the queue delivers it again later
        Assert.Single(_archive.Uploads);
        Assert.Equal("Mirrored", (await _host.StateAsync("AwesomeMod")).CurrentState);
    }

    [Fact]
    public async Task A_failed_upload_is_recorded_and_the_message_kept_for_another_attempt()
    {
        _archive.UploadStatus = 503;

        await Assert.ThrowsAnyAsync<Exception>(() => MirrorAsync("AwesomeMod/AwesomeMod-1.0.0.ckan"));

        var state = await _host.StateAsync("AwesomeMod");
        Assert.Equal("MirrorFailed", state.CurrentState);
        Assert.Equal("failed", state.MirrorStatus);
        Assert.StartsWith("Upload of AwesomeMod-1.0.0/DF564E21-AwesomeMod-1.0.0.zip failed: HTTP 503", state.MirrorDetail);
        Assert.Null(state.LastError); // a mirror error is not the mod's error (the original never wrote it there)
        Assert.Equal("mirroring", Assert.Single(state.Errors).Stage);

        _archive.UploadStatus = 200;
        await MirrorAsync("AwesomeMod/AwesomeMod-1.0.0.ckan");
        state = await _host.StateAsync("AwesomeMod");
        Assert.Equal("Mirrored", state.CurrentState);
        Assert.NotNull(Assert.Single(state.Errors).ResolvedAt); // the mirroring error is resolved
    }

    [Fact]
    public async Task A_download_that_does_not_match_the_sha256_is_recorded_as_failed_and_not_uploaded()
    {
        await Assert.ThrowsAnyAsync<Exception>(() => MirrorAsync("BadHashMod/BadHashMod-1.0.ckan"));

        Assert.Empty(_archive.Uploads);
        var state = await _host.StateAsync("BadHashMod");
        Assert.Equal("MirrorFailed", state.CurrentState);
        Assert.Equal($"Hash mismatch for BadHashMod 1.0 downloaded from {_downloadUrl} (size=33333): {new string('0', 64)} != {Sha256}",
            state.MirrorDetail);
        Assert.Empty(Directory.EnumerateFiles(_dir.Combine("cache"))); // nothing unverified stays in the cache
    }

    [Fact]
    public async Task A_path_that_is_not_in_ckan_meta_is_recorded_as_failed_and_not_retried()
    {
        await MirrorAsync("GhostMod/GhostMod-1.0.ckan"); // handled: no exception

        Assert.Empty(_archive.Requests);
        var state = await _host.StateAsync("GhostMod");
        Assert.Equal("MirrorFailed", state.CurrentState);
        Assert.Equal("GhostMod/GhostMod-1.0.ckan is not in the ksp CKAN-meta", state.MirrorDetail);
    }

    private Task MirrorAsync(string path) =>
        _host.Dispatcher.HandleAsync(_host.Queues.Mirroring, new MirrorMod(GameId.Ksp, path).ToWire(), null, ServicesHarness.Timeout);

    private static string Ckan(string identifier, string name, string version, string download, string license = """[ "CC-BY-NC-SA-4.0", "GPL-3.0", "MIT" ]""",
        string? sha256 = null, string? resources = null) =>
        $$"""
        {
            "spec_version": "v1.4",
            "identifier": "{{identifier}}",
            "name": "{{name}}",
            "abstract": "A great mod",
            "version": "{{version}}",
            "author": [ "techman83", "DasSkelett", "politas" ],
            "license": {{license}},{{(resources is null ? "" : $"\n    \"resources\": {resources},")}}
            "download": "{{download}}",
            "download_size": 33333,
            "download_hash": {
                "sha1": "{{Sha1}}",
                "sha256": "{{sha256 ?? Sha256}}"
            },
            "download_content_type": "application/zip"
        }
        """;
}
