using System.Text.Json.Nodes;
using NetKAN.Bus.TestSupport;

namespace NetKAN.Bus.Inflator.Tests;

public sealed class JenkinsGiteaTests
{
    [Fact]
    public async Task Jenkins_module_manager_from_the_corpus()
    {
        await using var h = await InflatorHarness.StartAsync();
        var job = h.Fake.BaseUrl + "/jenkins/job/ModuleManager/";
        var netkan = (await File.ReadAllTextAsync(Path.Combine(Corpus.NetKanDir, "ModuleManager.netkan")))
            .Replace("https://ksp.sarbian.com/jenkins/job/ModuleManager/", job, StringComparison.Ordinal);
        h.Fake.Get("/jenkins/job/ModuleManager/api/json", FakeResponse.Json($$"""
            {"builds": [{"url": "{{job}}12/"}, {"url": "{{job}}11/"}]}
            """));
        h.Fake.Get("/jenkins/job/ModuleManager/12/api/json", FakeResponse.Json("""{"result": "FAILURE", "artifacts": []}"""));
        h.Fake.Get("/jenkins/job/ModuleManager/11/api/json", FakeResponse.Json("""
            {"result": "SUCCESS", "timestamp": 1767236400000,
             "artifacts": [{"fileName": "ModuleManager-4.2.3.zip", "relativePath": "ModuleManager-4.2.3.zip"},
                           {"fileName": "ModuleManager.4.2.3.dll", "relativePath": "GameData/ModuleManager.4.2.3.dll"}]}
            """));
        h.Fake.Get("/jenkins/job/ModuleManager/11/artifact/ModuleManager-4.2.3.zip",
            FakeResponse.Bytes(new ZipBuilder().File("GameData/ModuleManager.4.2.3.dll", "dll").File("GameData/ModuleManager.ConfigCache", "x").Build()));

        var result = await h.InflateAsync(netkan, "ModuleManager");

        Assert.True(result.Success, result.ErrorMessage);
        var json = JsonNode.Parse(result.Modules[0].Ckan)!;
        Assert.Equal("4.2.3", (string?)json["version"]);
        Assert.Equal($"{job}11/artifact/ModuleManager-4.2.3.zip", (string?)json["download"]);
        Assert.Equal(job, (string?)json["resources"]!["ci"]);
        Assert.Equal("2026-01-01T03:00:00Z", (string?)json["release_date"]);
        Assert.Equal("1.8", (string?)json["ksp_version_min"]);
        Assert.Equal(3, (long)json["install_size"]!);
        Assert.Equal("v1.16", (string?)json["spec_version"]);
    }

    [Fact]
    public async Task Gitea_and_spacedock_documents_merge()
    {
        await using var h = await InflatorHarness.StartAsync(fake => new Dictionary<string, string?>
        {
            ["Upstreams:Gitea:git.offworld.city"] = fake.BaseUrl + "/gitea",
        });
        var zip = new ZipBuilder().File("GameData/ConformalDecals/ConformalDecals.dll", "dll")
            .File("GameData/ConformalDecals/ConformalDecals.version", Hosts.AvcFile("0.2.14")).Build();
        h.Fake.Get("/gitea/api/v1/repos/drewcassidy/KSP-Conformal-Decals", FakeResponse.Json("""
            {"name": "KSP-Conformal-Decals", "description": "Decals", "website": "", "html_url": "https://git.offworld.city/drewcassidy/KSP-Conformal-Decals",
             "has_issues": true, "has_wiki": false, "owner": {"login": "drewcassidy"}}
            """));
        var giteaUrl = h.Fake.Package("ConformalDecals-0.2.14.zip", zip);
        h.Fake.Get("/gitea/api/v1/repos/drewcassidy/KSP-Conformal-Decals/releases", FakeResponse.Json($$"""
            [{"tag_name": "0.2.14", "prerelease": false,
              "assets": [{"name": "ConformalDecals-0.2.14.zip", "browser_download_url": "{{giteaUrl}}", "created_at": "2026-02-02T02:02:02Z"}]}]
            """));
        h.Fake.SpaceDockMod(2451, "Conformal Decals", [new SdVersion(1, "0.2.14", "/dl/cd.zip")]);
        h.Fake.SpaceDockFile("/dl/cd.zip", zip);
        var netkan = await File.ReadAllTextAsync(Path.Combine(Corpus.NetKanDir, "ConformalDecals.netkan"));

        var result = await h.InflateAsync(netkan, "ConformalDecals");

        Assert.True(result.Success, result.ErrorMessage);
        var json = JsonNode.Parse(result.Modules[0].Ckan)!;
        Assert.Equal([giteaUrl, $"{h.Fake.SpaceDock}/dl/cd.zip"], json["download"]!.AsArray().Select(d => (string)d!));
        Assert.Equal("https://git.offworld.city/drewcassidy/KSP-Conformal-Decals", (string?)json["resources"]!["repository"]);
    }
}
