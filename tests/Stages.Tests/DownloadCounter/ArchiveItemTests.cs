using NetKAN.Bus.Metadata.Ckan;
using NetKAN.Bus.Services.DownloadCounter;
using NetKAN.Bus.Services.Mirrorer;

namespace NetKAN.Bus.Services.Tests.DownloadCounter;

/// <summary>archive.org counts are asked for the item the mirrorer uploaded to: one naming rule for both.</summary>
public sealed class ArchiveItemTests
{
    private static CkanModule Module(string version, string download) => CkanModule.Parse($$"""
        {
            "spec_version": "v1.4", "identifier": "Odd", "name": "Odd", "abstract": "x", "author": "a",
            "version": "{{version}}", "license": "MIT", "download": "{{download}}",
            "download_content_type": "application/zip", "download_size": 1,
            "download_hash": { "sha1": "DF564E21929EA07C624F822E5C43B7D0A3B0DBDF", "sha256": "AB" }
        }
        """);

    [Fact]
    public void A_version_with_characters_outside_the_item_alphabet_is_counted_under_the_sanitised_item()
    {
        var module = Module("1:1.0 beta+1", "https://example.com/odd.zip");

        var archive = DownloadSources.Of(module).Single(x => x.Host == DownloadHost.Archive);

        Assert.Equal("Odd-1-1.0_beta1", archive.Key);
        Assert.Equal(new CkanMirror(module, "").Item, archive.Key);
    }

    [Fact]
    public void An_explicit_archive_org_download_is_counted_under_the_same_item()
    {
        var module = Module("1.0+x", "https://archive.org/download/Odd-1.0+x/DF564E21-Odd-1.0+x.zip");

        Assert.Equal(["Archive:Odd-1.0x"], DownloadSources.Of(module).Select(x => x.ToString()));
    }
}
