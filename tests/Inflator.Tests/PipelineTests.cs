using System.Text.Json.Nodes;
using NetKAN.Bus.TestSupport;

namespace NetKAN.Bus.Inflator.Tests;

public sealed class PipelineTests
{
    private static byte[] Zip(string identifier, string? version = null, string min = "1.12.0", string max = "1.12.99") =>
        version is null
            ? new ZipBuilder().File($"GameData/{identifier}/{identifier}.dll", "dll").Build()
            : new ZipBuilder().File($"GameData/{identifier}/{identifier}.dll", "dll")
                .File($"GameData/{identifier}/{identifier}.version", Hosts.AvcFile(version, min, max)).Build();

    private static async Task<InflatorHarness> SpaceDock(string identifier, string version, byte[]? zip = null, string gameVersion = "1.12.5")
    {
        var h = await InflatorHarness.StartAsync();
        h.Fake.SpaceDockMod(1, identifier, [new SdVersion(10, version, $"/dl/{identifier}.zip", gameVersion)]);
        h.Fake.SpaceDockFile($"/dl/{identifier}.zip", zip ?? Zip(identifier));
        return h;
    }

    private static JsonObject Ckan(InflationResult result)
    {
        Assert.True(result.Success, result.ErrorMessage);
        return JsonNode.Parse(Assert.Single(result.Modules).Ckan)!.AsObject();
    }

    [Fact]
    public async Task Multi_document_netkans_merge_by_version_into_a_download_list()
    {
        await using var h = await InflatorHarness.StartAsync();
        var zip = Zip("Both");
        var gh = h.Fake.Package("Both-1.0.zip", zip);
        h.Fake.GitHubRepo("o", "Both", [new GhRelease("1.0").Asset("Both-1.0.zip", gh)]);
        h.Fake.SpaceDockMod(5, "Both", [new SdVersion(50, "1.0", "/dl/Both.zip")], license: "GPLv3");
        h.Fake.SpaceDockFile("/dl/Both.zip", zip);
        const string netkan = """
            identifier: Both
            $kref: '#/ckan/github/o/Both'
            tags: [plugin]
            x_netkan_github:
              prereleases: false
            ---
            $kref: '#/ckan/spacedock/5'
            """;

        var json = Ckan(await h.InflateAsync(netkan, "Both"));

        Assert.Equal([gh, $"{h.Fake.SpaceDock}/dl/Both.zip"], json["download"]!.AsArray().Select(d => (string)d!));
        Assert.Equal("v1.34", (string?)json["spec_version"]);
        Assert.NotNull(json["download_hash"]!["sha1"]);
        Assert.Equal(["plugin"], json["tags"]!.AsArray().Select(t => (string)t!));
        Assert.NotNull(json["resources"]!["spacedock"]);
        Assert.NotNull(json["resources"]!["repository"]);
    }

    [Fact]
    public async Task Hosts_that_disagree_on_the_version_fail_the_release_count_check()
    {
        await using var h = await InflatorHarness.StartAsync();
        var gh = h.Fake.Package("Both-1.1.zip", Zip("Both"));
        h.Fake.GitHubRepo("o", "Both", [new GhRelease("1.1").Asset("Both-1.1.zip", gh)]);
        h.Fake.SpaceDockMod(5, "Both", [new SdVersion(50, "1.0", "/dl/Both.zip")]);
        h.Fake.SpaceDockFile("/dl/Both.zip", Zip("Both"));

        var result = await h.InflateAsync("identifier: Both\n$kref: '#/ckan/github/o/Both'\nlicense: MIT\n---\n$kref: '#/ckan/spacedock/5'\n", "Both");

        Assert.False(result.Success);
        Assert.StartsWith("Generated 2 modules but only 1 requested: 1.1 on 127.0.0.1; 1.0 on 127.0.0.1", result.ErrorMessage);
    }

    [Fact]
    public async Task Same_version_with_different_files_is_an_error()
    {
        await using var h = await InflatorHarness.StartAsync();
        var gh = h.Fake.Package("Both-1.0.zip", Zip("Both"));
        h.Fake.GitHubRepo("o", "Both", [new GhRelease("1.0").Asset("Both-1.0.zip", gh)]);
        h.Fake.SpaceDockMod(5, "Both", [new SdVersion(50, "1.0", "/dl/Both.zip")]);
        h.Fake.SpaceDockFile("/dl/Both.zip", new ZipBuilder().File("GameData/Both/other.dll", "different").Build());

        var result = await h.InflateAsync("identifier: Both\n$kref: '#/ckan/github/o/Both'\nlicense: MIT\n---\n$kref: '#/ckan/spacedock/5'\n", "Both");

        Assert.Equal($"Download from {gh} does not match download from {h.Fake.SpaceDock}/dl/Both.zip", result.ErrorMessage);
    }

    [Theory]
    [InlineData("1.1", "1.2", null, "1:1.1", true)]
    [InlineData("1.1", "5:1.1", null, "5:1.1", false)]
    [InlineData("1.1", "5:1.2", null, "6:1.1", true)]
    [InlineData("2.5", "v2.4", null, "1:2.5", true)]
    [InlineData("1.0", "1.0", "2.0", "1.0", false)]
    [InlineData("1.3", "1.2", null, "1.3", false)]
    public async Task Auto_epoch_against_highest_version(string version, string highest, string? highestPre, string expected, bool staged)
    {
        await using var h = await SpaceDock("Ep", version);

        var result = await h.InflateAsync("""{"identifier": "Ep", "$kref": "#/ckan/spacedock/1", "tags": ["x"]}""", "Ep", highest, highestPre);

        Assert.Equal(expected, Ckan(result)["version"]!.GetValue<string>());
        Assert.Equal(staged, result.Staged);
        if (staged)
        {
            Assert.StartsWith("Auto-epoching out of order version: ", result.StagingReasons[0]);
            Assert.StartsWith("Resource | URL\r\n:-- | :--\r\ndownload | <", result.StagingReasons[1]);
            Assert.Equal($"{expected.Replace(':', '-')}", result.Modules[0].FileName["Ep-".Length..^".ckan".Length]);
        }
    }

    [Fact]
    public async Task An_out_of_order_version_on_github_fails()
    {
        await using var h = await InflatorHarness.StartAsync();
        var url = h.Fake.Package("Foo.zip", Zip("Foo"));
        h.Fake.GitHubRepo("o", "Foo", [new GhRelease("1.1").Asset("Foo.zip", url)]);

        var result = await h.InflateAsync("""{"identifier": "Foo", "$kref": "#/ckan/github/o/Foo", "license": "MIT"}""", "Foo", "1.2");

        Assert.Equal("Out-of-order version found on unreliable host: 1.1 < 1.2 < 1:1.1", result.ErrorMessage);
    }

    [Fact]
    public async Task Netkan_epoch_and_allow_out_of_order()
    {
        await using var h = await SpaceDock("Ep", "1.0");

        var epoch = await h.InflateAsync("""{"identifier": "Ep", "$kref": "#/ckan/spacedock/1", "x_netkan_epoch": 2}""", "Ep", "1:3.0");
        var outOfOrder = await h.InflateAsync("""{"identifier": "Ep", "$kref": "#/ckan/spacedock/1", "x_netkan_allow_out_of_order": true}""", "Ep", "3.0");

        Assert.Equal("2:1.0", Ckan(epoch)["version"]!.GetValue<string>());
        Assert.False(epoch.Staged);
        Assert.Equal("1.0", Ckan(outOfOrder)["version"]!.GetValue<string>());
    }

    [Theory]
    [InlineData("\"^v?(?<version>.+)$\"", "v1.2.3", "1.2.3")]
    [InlineData("{\"find\": \"^v\", \"replace\": \"\", \"strict\": false}", "1.2.3", "1.2.3")]
    [InlineData("{\"find\": \"^Release-(?<major>\\\\d+)_(?<minor>\\\\d+)$\", \"replace\": \"${major}.${minor}\"}", "Release-4_5", "4.5")]
    public async Task Version_edit(string edit, string hostVersion, string expected)
    {
        await using var h = await SpaceDock("Ve", hostVersion);

        var result = await h.InflateAsync($$"""{"identifier": "Ve", "$kref": "#/ckan/spacedock/1", "x_netkan_version_edit": {{edit}}}""", "Ve");

        Assert.Equal(expected, Ckan(result)["version"]!.GetValue<string>());
    }

    [Fact]
    public async Task Version_edit_strict_mismatch_names_the_version_and_pattern()
    {
        await using var h = await SpaceDock("Ve", "1.0");

        var result = await h.InflateAsync("""{"identifier": "Ve", "$kref": "#/ckan/spacedock/1", "x_netkan_version_edit": "^v(?<version>.+)$"}""", "Ve");

        Assert.Equal("Could not match version 1.0 with find pattern ^v(?<version>.+)$", result.ErrorMessage);
    }

    [Fact]
    public async Task Github_tag_piece_and_forced_v()
    {
        await using var h = await InflatorHarness.StartAsync();
        var url = h.Fake.Package("Foo.zip", Zip("Foo"));
        h.Fake.GitHubRepo("o", "Foo", [new GhRelease("2.0").Asset("Foo.zip", url)]);

        var result = await h.InflateAsync("""{"identifier": "Foo", "$kref": "#/ckan/github/o/Foo", "license": "MIT", "x_netkan_force_v": true}""", "Foo");

        Assert.Equal("v2.0", Ckan(result)["version"]!.GetValue<string>());
    }

    [Fact]
    public async Task Overrides_apply_by_version_widen_game_versions_and_delete()
    {
        await using var h = await SpaceDock("Ov", "1.5");
        const string netkan = """
            identifier: Ov
            $kref: '#/ckan/spacedock/1'
            abstract: Original
            x_netkan_override:
              - version: ['>=1.0', '<2.0']
                override:
                  ksp_version_min: 1.8.0
                  abstract: Overridden
                delete: [release_date]
              - version: '2.0'
                override:
                  abstract: Never
            """;

        var json = Ckan(await h.InflateAsync(netkan, "Ov"));

        Assert.Equal("Overridden", (string?)json["abstract"]);
        Assert.Equal("1.8.0", (string?)json["ksp_version_min"]);
        Assert.Equal("1.12.5", (string?)json["ksp_version_max"]);
        Assert.Null(json["release_date"]);
    }

    [Fact]
    public async Task Override_with_an_unknown_comparator_fails()
    {
        await using var h = await SpaceDock("Ov", "1.5");

        var result = await h.InflateAsync("""{"identifier": "Ov", "$kref": "#/ckan/spacedock/1", "x_netkan_override": [{"version": "=<1.5", "override": {"abstract": "x"}}]}""", "Ov");

        Assert.Equal("Unknown x_netkan_override comparator: =<", result.ErrorMessage);
    }

    [Fact]
    public async Task Override_placed_after_spacedock_runs_before_the_version_edit()
    {
        await using var h = await SpaceDock("Ov", "V1.5");
        const string netkan = """
            identifier: Ov
            $kref: '#/ckan/spacedock/1'
            license: MIT
            x_netkan_version_edit: '^V(?<version>.+)$'
            x_netkan_override:
              - version: V1.5
                after: spacedock
                override:
                  comment: placed
            """;

        var json = Ckan(await h.InflateAsync(netkan, "Ov"));

        Assert.Equal("placed", (string?)json["comment"]);
        Assert.Equal("1.5", (string?)json["version"]);
    }

    [Fact]
    public async Task Vref_path_and_remote_avc_on_github()
    {
        await using var h = await InflatorHarness.StartAsync();
        var remoteUrl = "https://github.com/o/Foo/blob/master/Foo.version";
        var zip = new ZipBuilder()
            .File("GameData/Foo/Foo.dll", "dll")
            .File("GameData/Foo/Foo.version", Hosts.AvcFile("1.0", "1.10", "1.11", remoteUrl))
            .File("GameData/Foo/Extras/Other.version", Hosts.AvcFile("9.9"))
            .Build();
        h.Fake.SpaceDockMod(1, "Foo", [new SdVersion(10, "1.0", "/dl/Foo.zip")]);
        h.Fake.SpaceDockFile("/dl/Foo.zip", zip);
        h.Fake.Set("GET /ghapi/repos/o/Foo/contents/Foo.version?ref=master", FakeResponse.Json(Hosts.AvcFile("1.0", "1.12.0", "1.12.5")));

        var json = Ckan(await h.InflateAsync("""{"identifier": "Foo", "$kref": "#/ckan/spacedock/1", "$vref": "#/ckan/ksp-avc/Foo/Foo.version$"}""", "Foo"));

        // Remote file describes the same version, so its range widens SpaceDock's 1.12.5.
        Assert.Equal("1.12.0", (string?)json["ksp_version_min"]);
        Assert.Equal("1.12.5", (string?)json["ksp_version_max"]);
        Assert.Equal("https://raw.githubusercontent.com/o/Foo/master/Foo.version", (string?)json["resources"]!["remote-avc"]);
    }

    [Fact]
    public async Task Too_many_version_files_without_a_path()
    {
        await using var h = await SpaceDock("Foo", "1.0", new ZipBuilder()
            .File("GameData/Foo/A.version", Hosts.AvcFile("1.0")).File("GameData/Foo/B.version", Hosts.AvcFile("1.0")).Build());

        var result = await h.InflateAsync("""{"identifier": "Foo", "$kref": "#/ckan/spacedock/1", "$vref": "#/ckan/ksp-avc"}""", "Foo");

        Assert.Equal("Too many .version files located: GameData/Foo/A.version, GameData/Foo/B.version", result.ErrorMessage);
    }

    [Fact]
    public async Task Install_stanzas_drive_install_size()
    {
        var zip = new ZipBuilder()
            .File("Pack/GameData/Foo/Parts/a.cfg", "12345")
            .File("Pack/GameData/Foo/Parts/b.cfg", "123")
            .File("Pack/GameData/Foo/Source/x.cs", "1234567")
            .File("Pack/Ships/VAB/Foo.craft", "1234")
            .File("Pack/GameData/Foo/Foo.ckan", "{}")
            .Build();
        await using var h = await SpaceDock("Foo", "1.0", zip);
        const string netkan = """
            identifier: Foo
            $kref: '#/ckan/spacedock/1'
            install:
              - find: Foo
                install_to: GameData
                filter: Source
              - file: Pack/Ships/VAB/Foo.craft
                install_to: Ships/VAB
            """;

        var json = Ckan(await h.InflateAsync(netkan, "Foo"));

        Assert.Equal(5 + 3 + 4, (long)json["install_size"]!);
        Assert.Equal("v1.12", (string?)json["spec_version"]);
    }

    [Fact]
    public async Task Stanza_matching_nothing_fails()
    {
        await using var h = await SpaceDock("Foo", "1.0");

        var result = await h.InflateAsync("""{"identifier": "Foo", "$kref": "#/ckan/spacedock/1", "install": [{"find": "Missing", "install_to": "GameData"}]}""", "Foo");

        Assert.Equal("Foo: Could not find Missing entry in zipfile to install", result.ErrorMessage);
    }

    [Fact]
    public async Task Spacedock_error_json_is_reported_with_its_reason()
    {
        await using var h = await InflatorHarness.StartAsync();
        h.Fake.Get("/sd/api/mod/7", FakeResponse.Json("""{"error": true, "reason": "Mod not found."}""", 404));

        var result = await h.InflateAsync("""{"identifier": "Foo", "$kref": "#/ckan/spacedock/7"}""", "Foo");

        Assert.Equal("Could not get the mod from SpaceDock, reason: Mod not found.", result.ErrorMessage);
    }

    [Fact]
    public async Task Spacedock_404_without_json_is_reported()
    {
        await using var h = await InflatorHarness.StartAsync();

        var result = await h.InflateAsync("""{"identifier": "Foo", "$kref": "#/ckan/spacedock/8"}""", "Foo");

        Assert.StartsWith("Could not get the mod from SpaceDock: 404 NotFound from ", result.ErrorMessage);
    }

    [Fact]
    public async Task Corrupt_zip_fails_and_is_not_cached()
    {
        var body = new ZipBuilder().File("GameData/Foo/Foo.dll", new string('x', 5000) + "tail").Build();
        body[30 + "GameData/Foo/Foo.dll".Length + 3] ^= 0x55; // damage the compressed data
        await using var h = await SpaceDock("Foo", "1.0", body);

        var result = await h.InflateAsync("""{"identifier": "Foo", "$kref": "#/ckan/spacedock/1"}""", "Foo");

        Assert.False(result.Success);
        Assert.StartsWith($"{h.Fake.SpaceDock}/dl/Foo.zip is not a valid ZIP file: ", result.ErrorMessage);
        Assert.Empty(Directory.GetFiles(h.Cache.Path));
    }

    [Fact]
    public async Task Unknown_license_is_a_schema_style_error()
    {
        await using var h = await InflatorHarness.StartAsync();
        h.Fake.SpaceDockMod(1, "Foo", [new SdVersion(10, "1.0", "/dl/Foo.zip")], license: "My Own License");
        h.Fake.SpaceDockFile("/dl/Foo.zip", Zip("Foo"));

        var bad = await h.InflateAsync("""{"identifier": "Foo", "$kref": "#/ckan/spacedock/1"}""", "Foo");
        var ok = await h.InflateAsync("""{"identifier": "Foo", "$kref": "#/ckan/spacedock/1", "x_netkan_license_ok": true, "license": "MIT"}""", "Foo");

        Assert.Equal("Foo: License My-Own-License should match spec", bad.ErrorMessage);
        Assert.True(ok.Success, ok.ErrorMessage);
    }

    [Fact]
    public async Task Schema_violations_are_reported()
    {
        await using var h = await SpaceDock("Foo", "1.0");

        var result = await h.InflateAsync("""{"identifier": "Foo", "$kref": "#/ckan/spacedock/1", "depends": [{"name": "Bar", "min_version": 5}]}""", "Foo");

        Assert.False(result.Success);
        Assert.StartsWith("Foo: Schema validation failed: ", result.ErrorMessage);
    }

    [Theory]
    [InlineData("""{"$kref": "#/ckan/spacedock/1"}""", "Metadata must have an identifier property")]
    [InlineData("""{"identifier": "Foo", "$kref": "#/ckan/curse/1"}""", "Foo: Invalid $kref: #/ckan/curse/1")]
    [InlineData("""{"identifier": "Foo", "$kref": "ckan/spacedock/1"}""", "Could not parse reference: \"ckan/spacedock/1\"")]
    [InlineData("""{"identifier": "Foo"}""", "Foo has no $kref field, this is required when no download url is specified")]
    [InlineData("""{"identifier": "Bar", "$kref": "#/ckan/spacedock/1"}""", "Error: Have metadata for Bar, but wanted Foo")]
    [InlineData("""{"identifier": "Foo", "$kref": "#/ckan/spacedock/1", "x_netkan_override": [{"override": {}}]}""", "Foo: x_netkan_override missing version")]
    [InlineData("""{"identifier": "Foo", "$kref": "#/ckan/gitlab/a/b"}""", "Foo: $kref source 'gitlab' (#/ckan/gitlab/a/b) is not supported by this inflator yet")]
    public async Task Netkan_validation_errors(string netkan, string error)
    {
        await using var h = await SpaceDock("Foo", "1.0");

        var result = await h.InflateAsync(netkan, "Foo");

        Assert.Equal(error, result.ErrorMessage);
    }

    [Fact]
    public async Task Hard_coded_game_versions_that_miss_the_latest_release_stage_the_module()
    {
        await using var h = await SpaceDock("Old", "1.0", gameVersion: "1.3");

        var result = await h.InflateAsync("""{"identifier": "Old", "$kref": "#/ckan/spacedock/1", "ksp_version": "1.3"}""", "Old");

        Assert.True(result.Success, result.ErrorMessage);
        Assert.True(result.Staged);
        Assert.StartsWith("Hard-coded game versions not compatible with current release: 1.3\r\n", result.StagingReason);
    }

    [Fact]
    public async Task The_cache_is_reused_when_warm_and_purged_after_a_failure()
    {
        await using var h = await SpaceDock("Foo", "1.0");
        const string netkan = """{"identifier": "Foo", "$kref": "#/ckan/spacedock/1"}""";

        var first = await h.InflateAsync(netkan, "Foo");
        var second = await h.InflateAsync(netkan, "Foo");

        Assert.True(first.Success && second.Success, first.ErrorMessage ?? second.ErrorMessage);
        Assert.Equal(1, h.Fake.Count("GET /sd/dl/Foo.zip"));
        Assert.Equal(1, h.Fake.Count("GET /sd/api/mod/1")); // API answers are reused for 15 minutes
        Assert.Equal(first.Modules[0].Ckan, second.Modules[0].Ckan);
        var cached = Assert.Single(Directory.GetFiles(h.Cache.Path, "*.zip"));
        Assert.Matches("^[0-9A-F]{8}-netkan-Foo\\.zip$", Path.GetFileName(cached));
        Assert.Equal(cached, first.Modules[0].DownloadCachePath);
        Assert.True(File.Exists(cached + ".sha256"));

        File.Delete(cached);
        File.Delete(cached + ".sha1");
        File.Delete(cached + ".sha256");
        var failed = await h.InflateAsync("""{"identifier": "Foo", "$kref": "#/ckan/spacedock/1", "license": "nope"}""", "Foo");
        Assert.False(failed.Success);
        Assert.Empty(Directory.GetFiles(h.Cache.Path, "*.zip"));
    }

    [Fact]
    public async Task Several_releases_are_inflated_when_asked()
    {
        await using var h = await InflatorHarness.StartAsync();
        h.Fake.SpaceDockMod(1, "Foo", [new SdVersion(11, "1.1", "/dl/Foo-1.1.zip"), new SdVersion(10, "1.0", "/dl/Foo-1.0.zip")]);
        h.Fake.SpaceDockFile("/dl/Foo-1.1.zip", Zip("Foo"));
        h.Fake.SpaceDockFile("/dl/Foo-1.0.zip", new ZipBuilder().File("GameData/Foo/old.dll", "old").Build());

        var result = await h.InflateAsync("""{"identifier": "Foo", "$kref": "#/ckan/spacedock/1", "license": "MIT"}""", "Foo", releases: 2);

        Assert.True(result.Success, result.ErrorMessage);
        Assert.Equal(["Foo-1.1.ckan", "Foo-1.0.ckan"], result.Modules.Select(m => m.FileName));
    }

    [Fact]
    public async Task Content_warnings_for_module_manager_plugins_and_crafts()
    {
        var zip = new ZipBuilder()
            .File("GameData/Foo/Other.dll", "dll")
            .File("GameData/Foo/patch.cfg", "@PART[x] { %y = 1 }")
            .File("GameData/Foo/Ships/Rocket.craft", "craft")
            .Build();
        await using var h = await SpaceDock("Foo", "1.0", zip);

        var result = await h.InflateAsync("""{"identifier": "Foo", "$kref": "#/ckan/spacedock/1", "license": "MIT", "tags": ["x"]}""", "Foo");

        Assert.True(result.Success, result.ErrorMessage);
        Assert.Equal(
        [
            "ModuleManager syntax used without ModuleManager dependency: GameData/Foo/patch.cfg",
            "No plugin matching the identifier, manual installations won't be detected: Other",
            ".craft files installed outside Ships folder: GameData/Foo/Ships/Rocket.craft",
        ], result.Warnings);
        Assert.Equal(string.Join("\r\n", result.Warnings), result.WarningMessages);
    }

    [Fact]
    public async Task A_harmony_dll_needs_provides_harmony1()
    {
        await using var h = await SpaceDock("Foo", "1.0", new ZipBuilder().File("GameData/Foo/0Harmony.dll", "dll").Build());

        var result = await h.InflateAsync("""{"identifier": "Foo", "$kref": "#/ckan/spacedock/1", "license": "MIT"}""", "Foo");

        Assert.Equal("Foo: Harmony DLL found, but Harmony1 is not in provides", result.ErrorMessage);
    }

    [Fact]
    public async Task Internal_ckan_files_fill_in_missing_properties()
    {
        var zip = new ZipBuilder()
            .File("GameData/Foo/Foo.dll", "dll")
            .File("GameData/Foo/Foo.ckan", """{"identifier": "Foo", "abstract": "From the zip", "release_status": "stable", "depends": [{"name": "Bar"}]}""")
            .Build();
        await using var h = await SpaceDock("Foo", "1.0", zip);

        var json = Ckan(await h.InflateAsync("""{"identifier": "Foo", "$kref": "#/ckan/spacedock/1", "license": "MIT", "abstract": "Mine"}""", "Foo"));

        Assert.Equal("Mine", (string?)json["abstract"]);
        Assert.Equal("stable", (string?)json["release_status"]);
        Assert.Equal("Bar", (string?)json["depends"]![0]!["name"]);
    }

    [Fact]
    public async Task Http_kref_follows_redirects()
    {
        await using var h = await InflatorHarness.StartAsync();
        var url = h.Fake.Package("Foo-1.0.zip", new ZipBuilder().File("GameData/Foo/Foo.dll", "dll").File("GameData/Foo/Foo.version", Hosts.AvcFile("1.0")).Build());
        h.Fake.Set("HEAD /files/latest", new FakeResponse(302, []) { Headers = { ["Location"] = url } });

        var json = Ckan(await h.InflateAsync($$"""{"identifier": "Foo", "$kref": "#/ckan/http/{{h.Fake.Files}}/latest", "$vref": "#/ckan/ksp-avc", "license": "MIT", "name": "Foo", "abstract": "Foo mod", "author": "me"}""", "Foo"));

        Assert.Equal(url, (string?)json["download"]);
        Assert.Equal("1.0.0", (string?)json["version"]);
    }

    [Fact]
    public async Task Large_packages_are_hashed_in_one_double_buffered_pass()
    {
        var blob = new byte[3_500_000];
        new Random(7).NextBytes(blob);
        var zip = new ZipBuilder().File("GameData/Big/Big.dll", blob).Build();
        await using var h = await SpaceDock("Big", "1.0", zip);

        var json = Ckan(await h.InflateAsync("""{"identifier": "Big", "$kref": "#/ckan/spacedock/1", "license": "MIT", "tags": ["x"]}""", "Big"));

        Assert.Equal(zip.Length, (long)json["download_size"]!);
        Assert.Equal(Convert.ToHexString(System.Security.Cryptography.SHA1.HashData(zip)), (string?)json["download_hash"]!["sha1"]);
        Assert.Equal(Convert.ToHexString(System.Security.Cryptography.SHA256.HashData(zip)), (string?)json["download_hash"]!["sha256"]);
        Assert.Equal(blob.Length, (long)json["install_size"]!);
    }
}
