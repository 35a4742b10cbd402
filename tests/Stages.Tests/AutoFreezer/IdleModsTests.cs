using NetKAN.Bus.Sagas.Status;
using NetKAN.Bus.Services.AutoFreezer;

namespace NetKAN.Bus.Services.Tests.AutoFreezer;

/// <summary>The original Auto-Freezer's idle window and pull request text, with its own tests' values.</summary>
public sealed class IdleModsTests
{
    private static readonly DateTimeOffset Now = new(2026, 8, 1, 12, 0, 0, TimeSpan.Zero);

    [Fact]
    public void The_timestamp_is_the_release_date_else_the_last_indexed_time()
    {
        var released = Now.AddDays(-3);
        var indexed = Now.AddDays(-2);

        Assert.Equal(released, IdleMods.LastTimestamp(new ModState { ReleaseDate = released, LastIndexed = indexed }));
        Assert.Equal(indexed, IdleMods.LastTimestamp(new ModState { LastIndexed = indexed }));
        Assert.Null(IdleMods.LastTimestamp(new ModState()));
        Assert.Null(IdleMods.LastTimestamp(null));
    }

    [Fact]
    public void Without_the_fallback_a_mod_without_release_date_is_never_idle_as_in_the_original()
    {
        var rows = new Dictionary<string, ModState>
        {
            ["Dated"] = new() { Identifier = "Dated", ReleaseDate = Now.AddDays(-1001) },
            ["Undated"] = new() { Identifier = "Undated", LastIndexed = Now.AddDays(-1002) },
        };

        Assert.Equal(["Undated", "Dated"], IdleMods.Find(["Dated", "Undated"], rows, Now, 1000, 21).Select(x => x.Identifier));
        Assert.Equal(["Dated"], IdleMods.Find(["Dated", "Undated"], rows, Now, 1000, 21, fallBackToLastIndexed: false).Select(x => x.Identifier));
        Assert.Null(IdleMods.LastTimestamp(new ModState { LastIndexed = Now }, fallBackToLastIndexed: false));
    }

    [Fact]
    public void Only_freshly_idle_mods_are_found_not_active_or_ancient_ones()
    {
        var rows = new Dictionary<string, ModState>
        {
            ["Astrogator"] = new() { Identifier = "Astrogator", ReleaseDate = Now.AddDays(-1001) },
            ["SmartTank"] = new() { Identifier = "SmartTank", ReleaseDate = Now.AddDays(-1050) },
            ["Ringworld"] = new() { Identifier = "Ringworld", ReleaseDate = Now },
        };

        var idle = IdleMods.Find(["Astrogator", "SmartTank", "Ringworld", "NoStatusRow"], rows, Now, 1000, 21);

        var mod = Assert.Single(idle);
        Assert.Equal(("Astrogator", Now.AddDays(-1001)), (mod.Identifier, mod.LastUpdate));
    }

    [Fact]
    public void The_pull_request_body_is_the_originals_table_oldest_first()
    {
        var body = IdleMods.PullRequestBody(69,
        [
            new IdleMod("SmartTank", new DateTimeOffset(2015, 1, 1, 0, 0, 0, TimeSpan.Zero),
                new Dictionary<string, string> { ["repository"] = "https://github.com/HebaruSan/SmartTank" }),
            new IdleMod("Astrogator", new DateTimeOffset(2010, 1, 1, 0, 0, 0, TimeSpan.Zero),
                new Dictionary<string, string> { ["homepage"] = "https://forum.kerbalspaceprogram.com/index.php?/topic/155998-*" }),
            new IdleMod("Ringworld", new DateTimeOffset(2020, 1, 1, 0, 0, 0, TimeSpan.Zero),
                new Dictionary<string, string> { ["bugtracker"] = "https://github.com/HebaruSan/Ringworld/issues" }),
        ]);

        Assert.Equal(
            "The attached mods have not updated in 69 or more days. Freeze them to save the bot some CPU cycles.\n\nMod | Last Update\n:-- | :--\n"
            + "**Astrogator**<br>[homepage](https://forum.kerbalspaceprogram.com/index.php?/topic/155998-*) | 2010-01-01 00:00 UTC\n"
            + "**SmartTank**<br>[repository](https://github.com/HebaruSan/SmartTank) | 2015-01-01 00:00 UTC\n"
            + "**Ringworld**<br>[bugtracker](https://github.com/HebaruSan/Ringworld/issues) | 2020-01-01 00:00 UTC", body);
    }

    [Fact]
    public void Several_resources_are_sorted_by_key_and_joined_with_an_escaped_bar_and_none_leave_just_the_name()
    {
        var body = IdleMods.PullRequestBody(1000,
        [
            new IdleMod("Many", new DateTimeOffset(2023, 4, 5, 6, 7, 8, TimeSpan.FromHours(2)),
                new Dictionary<string, string> { ["repository"] = "https://r", ["homepage"] = "https://h" }),
            new IdleMod("Bare", new DateTimeOffset(2023, 4, 6, 0, 0, 0, TimeSpan.Zero), new Dictionary<string, string>()),
        ]);

        Assert.EndsWith("\n**Many**<br>[homepage](https://h) \\| [repository](https://r) | 2023-04-05 04:07 UTC\n**Bare** | 2023-04-06 00:00 UTC", body);
    }

    [Theory]
    [InlineData("1.1", "2026-03-01", "1.0", "2020-01-01", "SpaceDock mod 5 has 1.1 (released 2026-03-01); the newest indexed is 1.0 (released 2020-01-01)")]
    [InlineData("v3.1", "2026-03-01", "3.1", "2020-01-01", null)] // the same version, re-uploaded
    [InlineData("1.1", "2020-01-01", "1.0", "2020-01-01", null)] // released no later than what is indexed
    [InlineData("v2.1", null, "1:2.0", null, "SpaceDock mod 5 has v2.1; the newest indexed is 1:2.0")] // no dates: versions decide
    [InlineData("1.9", null, "2.0", null, null)]
    public void A_frozen_mod_is_news_only_when_its_upstream_release_is_newer(string upstream, string? released, string indexed,
        string? indexedReleased, string? expected)
    {
        static DateTimeOffset? Date(string? text) => text is null ? null : DateTimeOffset.Parse(text + "T00:00:00Z", System.Globalization.CultureInfo.InvariantCulture);

        var reason = UnfreezeCheck.Reason(new UpstreamRelease("SpaceDock mod 5", upstream, Date(released)),
            NetKAN.Bus.Metadata.Versions.ModuleVersion.Parse(indexed), Date(indexedReleased));

        Assert.Equal(expected, reason);
    }
}
