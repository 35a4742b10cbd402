using NetKAN.Bus.Inflator.Downloads;
using NetKAN.Bus.Inflator.Install;
using NetKAN.Bus.TestSupport;

namespace NetKAN.Bus.Inflator.Tests.Hardening;

/// <summary>Issue 13: limits on downloaded zips (entry count, unpacked size, entry names) and on text read out of them.</summary>
public sealed class PackageLimitTests
{
    [Fact]
    public void Too_many_entries_or_too_many_unpacked_bytes_are_refused()
    {
        var many = Enumerable.Range(0, PackageLimits.MaxEntries + 1).Select(i => ($"GameData/f{i}", 1L)).ToList();
        var big = new List<(string, long)> { ("GameData/a.bin", PackageLimits.MaxUnpackedBytes), ("GameData/b.bin", 1) };

        Assert.Equal("it holds 100,001 entries; at most 100,000 are accepted", PackageLimits.Check(many));
        Assert.Equal($"it unpacks to more than {PackageLimits.MaxUnpackedBytes:N0} bytes", PackageLimits.Check(big));
        Assert.Null(PackageLimits.Check(many.Take(PackageLimits.MaxEntries).ToList()));
    }

    [Fact]
    public void A_zip_with_a_control_character_or_an_overlong_entry_name_is_not_a_valid_package()
    {
        using var dir = new TempDir();
        var forged = dir.Combine("forged.zip");
        File.WriteAllBytes(forged, new ZipBuilder().File("GameData/Mod\n[INF] forged.cfg", "x").Build());
        var longName = dir.Combine("long.zip");
        File.WriteAllBytes(longName, new ZipBuilder().File("GameData/" + new string('a', 2000), "x").Build());
        var fine = dir.Combine("fine.zip");
        File.WriteAllBytes(fine, new ZipBuilder().File("GameData/Mod/Mod.dll", "x").Build());

        Assert.Equal("an entry name contains control characters", ZipValidator.Check(forged));
        Assert.Equal("an entry name is 2,009 characters long; 1 to 1024 are accepted", ZipValidator.Check(longName));
        Assert.Null(ZipValidator.Check(fine));
        Assert.Throws<InflationException>(() => PackageContents.Open(forged));
    }

    [Fact]
    public void A_text_file_over_4_MB_is_not_read_out_of_a_package()
    {
        using var dir = new TempDir();
        var zip = dir.Combine("big.zip");
        File.WriteAllBytes(zip, new ZipBuilder()
            .File("GameData/Mod/Mod.version", new string(' ', PackageLimits.MaxTextBytes + 1))
            .File("GameData/Mod/Small.version", "{}")
            .Build());
        using var contents = PackageContents.Open(zip);

        var error = Assert.Throws<InflationException>(() => contents.ReadText(contents.Entries.Single(e => e.Name.EndsWith("Mod.version"))));
        Assert.Contains("text files of at most 4,194,304 bytes are read", error.Message);
        Assert.Equal("{}", contents.ReadText(contents.Entries.Single(e => e.Name.EndsWith("Small.version"))));
    }
}
