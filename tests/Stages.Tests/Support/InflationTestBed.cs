using NetKAN.Bus.TestSupport;

namespace NetKAN.Bus.Services.Tests.Support;

/// <summary>
/// What a host running the inflator, indexer or mirrorer needs offline: a canned SpaceDock serving two mods with real
/// zips (DemoFlag 1.2.0 with a KSP-AVC <c>$vref</c>, DemoTelescope 0.9.5 without one), NetKAN and CKAN-meta clones
/// of bare remotes, and the configuration pointing every stage at them. Stage tests of bad and poison input share it.
/// </summary>
public sealed class InflationTestBed : IAsyncDisposable
{
    public const string FlagNetkan = """
        spec_version: v1.4
        identifier: DemoFlag
        $kref: '#/ckan/spacedock/101'
        $vref: '#/ckan/ksp-avc'
        tags:
            - flags
        """;

    public const string TelescopeNetkan = """
        spec_version: v1.4
        identifier: DemoTelescope
        $kref: '#/ckan/spacedock/202'
        license: CC-BY-4.0
        tags:
            - science
        install:
            - find: DemoTelescope
              install_to: GameData
        """;

    private readonly Dictionary<string, string?> _configuration;

    private InflationTestBed(CannedUpstream upstream, Dictionary<string, string?> configuration)
    {
        Upstream = upstream;
        _configuration = configuration;
    }

    public CannedUpstream Upstream { get; }

    /// <summary>The host configuration, a fresh copy each call so a test can add or override keys.</summary>
    public Dictionary<string, string?> Configuration() => new(_configuration);

    public static async Task<InflationTestBed> StartAsync(TempDir dir)
    {
        var upstream = await CannedUpstream.StartAsync();
        Serve(upstream, 101, "DemoFlag", "Demo Flag", "MIT", "1.2.0", "1.12.5");
        Serve(upstream, 202, "DemoTelescope", "Demo Telescope", "CC-BY-4.0", "0.9.5", "1.12.3");
        // What SpaceDock answers for a mod it does not have.
        upstream.Get("/sd/api/mod/999", FakeResponse.Json("""{"error": true, "reason": "Mod not found."}""", 404));

        var netkan = GitRepos.CreateBare(dir.Combine("remotes", "NetKAN.git"), new Dictionary<string, string>
        {
            ["NetKAN/DemoFlag.netkan"] = FlagNetkan + "\n",
            ["NetKAN/DemoTelescope.netkan"] = TelescopeNetkan + "\n",
        });
        var ckanMeta = GitRepos.CreateBare(dir.Combine("remotes", "CKAN-meta.git"),
            new Dictionary<string, string> { ["README.md"] = "CKAN-meta\n" });
        return new InflationTestBed(upstream, new Dictionary<string, string?>
        {
            ["Upstreams:SpaceDock"] = upstream.SpaceDock,
            ["Upstreams:GitHubApi"] = upstream.GitHubApi,
            ["Upstreams:GitHub"] = upstream.GitHub,
            ["GitHub:ApiUrl"] = upstream.GitHubApi,
            ["GitHub:Token"] = "test-token",
            ["Inflator:CacheDir"] = dir.Combine("cache"),
            ["Inflator:RemoteAvc"] = "false",
            ["Repos:ksp:NetKan:Remote"] = netkan,
            ["Repos:ksp:NetKan:Path"] = dir.Combine("work", "NetKAN"),
            ["Repos:ksp:NetKan:GitHubRepo"] = "KSP-CKAN/NetKAN",
            ["Repos:ksp:CkanMeta:Remote"] = ckanMeta,
            ["Repos:ksp:CkanMeta:Path"] = dir.Combine("work", "CKAN-meta"),
            ["Repos:ksp:CkanMeta:GitHubRepo"] = "KSP-CKAN/CKAN-meta",
            ["Upstreams:ArchiveS3"] = upstream.BaseUrl,
            ["Upstreams:Archive"] = upstream.BaseUrl,
            ["Upstreams:ArchiveViews"] = upstream.BaseUrl,
            ["Archive:AccessKey"] = "test-access",
            ["Archive:SecretKey"] = "test-secret",
            ["Transport:InMemory:RetryDelay"] = "00:00:00.200",
            ["Transport:InMemory:MaxAttempts"] = "3",
        });
    }

    /// <summary>A SpaceDock mod with one version, whose zip holds a plugin, a part and a KSP-AVC version file.</summary>
    private static void Serve(CannedUpstream upstream, int id, string identifier, string name, string license,
        string version, string gameVersion)
    {
        var downloadPath = $"/files/{identifier}/{identifier}-{version}.zip";
        upstream.SpaceDockMod(id, name, [new SdVersion(id * 10, version, downloadPath, gameVersion)], license,
            author: "demo-author", shortDescription: $"{name} for stage tests");
        upstream.SpaceDockFile(downloadPath, ZipBuilder.Build(
            ($"GameData/{identifier}/Plugins/{identifier}.dll", $"not really a plugin: {identifier} {version}"),
            ($"GameData/{identifier}/Parts/{identifier}.cfg", $"PART\n{{\n    name = {identifier}Part\n}}\n"),
            ($"GameData/{identifier}/{identifier}.version",
                $$"""{"NAME": "{{name}}", "VERSION": "{{version}}", "KSP_VERSION_MIN": "1.8.0", "KSP_VERSION_MAX": "{{gameVersion}}"}""")));
    }

    public ValueTask DisposeAsync() => Upstream.DisposeAsync();
}
