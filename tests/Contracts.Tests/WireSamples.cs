using NetKAN.Bus.Contracts.Wire;

namespace NetKAN.Bus.Contracts.Tests;

/// <summary>Literal messages as the original producers put them on the queues.</summary>
internal static class WireSamples
{
    public static WireMessage Message(string body, params (string Name, string Value)[] attributes) =>
        new(body, attributes.ToDictionary(x => x.Name, x => x.Value), "1", "dedup");

    /// <summary>The original C# Inflator's success message (GameId KSP, C# bools, ./ path, CheckTime without zone).</summary>
    public static WireMessage InflatorSuccess() => Message(
        "{\n    \"spec_version\": 1,\n    \"identifier\": \"DogeCoinFlag\",\n    \"version\": \"v1.02\"\n}\n",
        ("ModIdentifier", "DogeCoinFlag"),
        ("Staged", "False"),
        ("Success", "True"),
        ("CheckTime", "2019-06-24T19:06:14"),
        ("GameId", "KSP"),
        ("FileName", "./DogeCoinFlag-v1.02.ckan"),
        ("WarningMessages", "Tags not found\r\nNo plugin matching the identifier"));

    /// <summary>The original Inflator's failure message: body {} and an error, no FileName.</summary>
    public static WireMessage InflatorFailure() => Message("{}",
        ("ModIdentifier", "Broken"),
        ("Staged", "False"),
        ("Success", "False"),
        ("CheckTime", "2026-08-22T10:48:29"),
        ("GameId", "KSP2"),
        ("ErrorMessage", "Could not get the mod from SpaceDock, reason: Mod not found"));

    /// <summary>The original scheduler's inflation request (lowercase game id, YAML netkan body).</summary>
    public static WireMessage SchedulerRequest() => Message(
        "identifier: AwesomeMod\n$kref: '#/ckan/spacedock/777'\nlicense: MIT\n",
        ("GameId", "ksp"),
        ("HighestVersion", "1.2.3"),
        ("HighestVersionPrerelease", "1.3.0-beta"));
}
