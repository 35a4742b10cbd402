namespace NetKAN.Bus.Services.Demo;

/// <summary>The handful of mods the demo inflates: one per hosting style the Inflator supports.</summary>
public static class SampleMods
{
    private static readonly DateTimeOffset Day = new(2026, 8, 1, 12, 0, 0, TimeSpan.Zero);

    public static IReadOnlyList<SampleMod> All { get; } =
    [
        new SampleMod(
            "DemoFlag", "Demo Flag", "A flag for demonstrations", "demo-author", "MIT",
            """
            spec_version: v1.4
            identifier: DemoFlag
            $kref: '#/ckan/spacedock/101'
            $vref: '#/ckan/ksp-avc'
            tags:
                - flags
            """,
            "1.2.0", "1.12.5", Day.AddDays(-10), SpaceDockId: 101),

        new SampleMod(
            "DemoRover", "Demo Rover", "A small rover part pack", "kerbal-demo", "GPL-3.0",
            """
            {
                "spec_version": 1,
                "identifier": "DemoRover",
                "$kref": "#/ckan/github/kerbal-demo/DemoRover",
                "$vref": "#/ckan/ksp-avc",
                "license": "GPL-3.0",
                "tags": [ "parts" ],
                "x_netkan_version_edit": "^v?(?<version>.+)$"
            }
            """,
            "2.0.1", "1.12.5", Day.AddDays(-3), GitHubRepo: "kerbal-demo/DemoRover", Tag: "v2.0.1"),

        new SampleMod(
            "DemoTelescope", "Demo Telescope", "A space telescope with science experiments", "star-gazer", "CC-BY-4.0",
            """
            spec_version: v1.4
            identifier: DemoTelescope
            $kref: '#/ckan/spacedock/202'
            license: CC-BY-4.0
            tags:
                - science
            install:
                - find: DemoTelescope
                  install_to: GameData
            """,
            "0.9.5", "1.12.3", Day.AddDays(-30), SpaceDockId: 202),

        new SampleMod(
            "DemoStation", "Demo Station", "Station parts, released on GitHub", "orbital-works", "MIT",
            """
            identifier: DemoStation
            $kref: '#/ckan/github/orbital-works/DemoStation'
            $vref: '#/ckan/ksp-avc'
            tags:
                - parts
                - crewed
            """,
            "3.1", "1.12.5", Day.AddDays(-1), GitHubRepo: "orbital-works/DemoStation", Tag: "3.1"),
    ];
}
