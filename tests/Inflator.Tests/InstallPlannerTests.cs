using System.Text.Json.Nodes;
using NetKAN.Bus.Inflator.Install;
using NetKAN.Bus.Contracts.Games;

namespace NetKAN.Bus.Inflator.Tests;

public sealed class InstallPlannerTests
{
    private static readonly PackageEntry[] Entries =
    [
        new("Mod-1.0/", true, 0),
        new("Mod-1.0/GameData/Mod/Mod.dll", false, 10),
        new("Mod-1.0/GameData/Mod/Parts/Tank.cfg", false, 20),
        new("Mod-1.0/GameData/Mod/Source/Mod.cs", false, 30),
        new("Mod-1.0/GameData/Mod/Mod.ckan", false, 40),
        new("Mod-1.0/Extras/Documentation/Mod/readme.txt", false, 50),
        new("Mod-1.0/Ships/VAB/Rocket.craft", false, 60),
    ];

    private static IReadOnlyList<InstallableFile> Plan(string json) =>
        InstallPlanner.FindInstallableFiles(InstallStanza.Parse(JsonNode.Parse(json)!.AsObject(), "Mod"), Entries, GameId.Ksp, "Mod");

    [Fact]
    public void Find_picks_the_shortest_folder_and_strips_its_parent() =>
        // Internal .ckan files match like any file (the real client leaves them out only when installing).
        Assert.Equal(["GameData/Mod/Mod.dll", "GameData/Mod/Parts/Tank.cfg", "GameData/Mod/Source/Mod.cs", "GameData/Mod/Mod.ckan"],
            Plan("""{"find": "Mod", "install_to": "GameData"}""").Select(f => f.Destination));

    [Fact]
    public void Filters_and_include_only()
    {
        Assert.Equal(3, Plan("""{"find": "Mod", "install_to": "GameData", "filter": "source"}""").Count);
        Assert.Equal(3, Plan("""{"find": "Mod", "install_to": "GameData", "filter_regexp": "\\.cs$"}""").Count);
        Assert.Equal(["GameData/Mod/Parts/Tank.cfg"], Plan("""{"find": "Mod", "install_to": "GameData", "include_only": "Parts"}""").Select(f => f.Destination));
        Assert.Equal(["GameData/Mod/Mod.dll"], Plan("""{"find": "Mod", "install_to": "GameData", "include_only_regexp": "dll$"}""").Select(f => f.Destination));
    }

    [Fact]
    public void File_as_and_ships()
    {
        Assert.Equal(["GameData/Renamed/Mod.dll", "GameData/Renamed/Parts/Tank.cfg", "GameData/Renamed/Source/Mod.cs", "GameData/Renamed/Mod.ckan"],
            Plan("""{"file": "Mod-1.0/GameData/Mod", "install_to": "GameData", "as": "Renamed"}""").Select(f => f.Destination));
        Assert.Equal(["Ships/VAB/Rocket.craft"], Plan("""{"find_regexp": "\\.craft$", "find_matches_files": true, "install_to": "Ships/VAB"}""").Select(f => f.Destination));
    }

    [Fact]
    public void Errors_are_clear()
    {
        Assert.Equal("Mod: Could not find Nope entry in zipfile to install",
            Assert.Throws<InflationException>(() => Plan("""{"find": "Nope", "install_to": "GameData"}""")).Message);
        Assert.Equal("Mod: Unknown install_to Somewhere",
            Assert.Throws<InflationException>(() => Plan("""{"find": "Mod", "install_to": "Somewhere"}""")).Message);
        Assert.Equal("Mod: Install stanzas must only include one of file, find, or find_regexp directives",
            Assert.Throws<InflationException>(() => Plan("""{"find": "Mod", "file": "x", "install_to": "GameData"}""")).Message);
    }
}
