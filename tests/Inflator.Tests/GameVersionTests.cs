using System.Text.Json.Nodes;
using NetKAN.Bus.Inflator.Avc;

namespace NetKAN.Bus.Inflator.Tests;

public sealed class GameVersionTests
{
    [Theory]
    [InlineData("1.12", "1.12.0", -1)]
    [InlineData("1.12.0", "1.12.5", -1)]
    [InlineData("1.8.1", "1.10", -1)]
    [InlineData("1.12.5", "1.12.5", 0)]
    public void Compares_undefined_components_below_zero(string a, string b, int expected) =>
        Assert.Equal(expected, Math.Sign(GameVersion.Parse(a).CompareTo(GameVersion.Parse(b))));

    [Fact]
    public void Widens_never_narrows()
    {
        var json = new JsonObject { ["identifier"] = "x", ["ksp_version"] = "1.12.5", ["license"] = "MIT" };
        GameCompatibility.SetJsonCompatibility(json, null, GameVersion.Parse("1.10"), GameVersion.Parse("1.11"));
        Assert.Equal("1.10", (string?)json["ksp_version_min"]);
        Assert.Equal("1.12.5", (string?)json["ksp_version_max"]);
        Assert.Null(json["ksp_version"]);
        Assert.Equal(["identifier", "ksp_version_min", "ksp_version_max", "license"], json.Select(kv => kv.Key));
    }

    [Fact]
    public void Equal_bounds_collapse_to_ksp_version()
    {
        var json = new JsonObject { ["ksp_version_min"] = "1.12", ["ksp_version_max"] = "1.12" };
        GameCompatibility.SetJsonCompatibility(json, null, null, null);
        Assert.Equal("1.12", (string?)json["ksp_version"]);
        Assert.Single(json);
    }

    [Theory]
    [InlineData("1.12.5", "1.12", "1.12", true)]
    [InlineData("1.12.5", "1.8", "1.11", false)]
    [InlineData("1.12.5", null, "1", true)]
    [InlineData("1.3.1", "1.3", "1.3", true)]
    public void Range_membership(string version, string? min, string? max, bool within) =>
        Assert.Equal(within, GameVersion.Parse(version).IsWithin(min is null ? null : GameVersion.Parse(min), max is null ? null : GameVersion.Parse(max)));
}
