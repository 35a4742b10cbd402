using NetKAN.Bus.Contracts.Games;

namespace NetKAN.Bus.Inflator.Avc;

/// <summary>The released versions of each game (the client's builds.json, without build numbers).</summary>
public static class KnownGameVersions
{
    private static readonly GameVersion[] Ksp = Build(
        "0.7.3", "0.8.0", "0.8.1", "0.8.2", "0.8.3", "0.8.4", "0.8.5", "0.9.0", "0.10.0", "0.10.1", "0.11.0", "0.11.1",
        "0.12.0", "0.13.0", "0.13.1", "0.13.2", "0.13.3", "0.14.0", "0.14.1", "0.14.2", "0.14.3", "0.14.4", "0.15.0",
        "0.15.1", "0.15.2", "0.16.0", "0.17.0", "0.17.1", "0.18.0", "0.18.1", "0.18.2", "0.18.3", "0.18.4", "0.19.0",
        "0.19.1", "0.20.0", "0.20.1", "0.20.2", "0.21.0", "0.21.1", "0.22.0", "0.23.0", "0.23.5", "0.24.0", "0.24.1",
        "0.24.2", "0.25.0", "0.90.0", "1.0.0", "1.0.2", "1.0.4", "1.0.5", "1.1.0", "1.1.1", "1.1.2", "1.1.3", "1.2.0",
        "1.2.1", "1.2.2", "1.3.0", "1.3.1", "1.4.0", "1.4.1", "1.4.2", "1.4.3", "1.4.4", "1.4.5", "1.5.0", "1.5.1",
        "1.6.0", "1.6.1", "1.7.0", "1.7.1", "1.7.2", "1.7.3", "1.8.0", "1.8.1", "1.9.0", "1.9.1", "1.10.0", "1.10.1",
        "1.11.0", "1.11.1", "1.11.2", "1.12.0", "1.12.1", "1.12.2", "1.12.3", "1.12.4", "1.12.5");

    private static readonly GameVersion[] Ksp2 = Build(
        "0.1.0", "0.1.1", "0.1.2", "0.1.3", "0.1.4", "0.1.5", "0.2.0", "0.2.1", "0.2.2");

    public static IReadOnlyList<GameVersion> For(GameId game) => game == GameId.Ksp2 ? Ksp2 : Ksp;

    public static GameVersion Latest(GameId game) => For(game)[^1];

    private static GameVersion[] Build(params string[] versions) => versions.Select(GameVersion.Parse).ToArray();
}
