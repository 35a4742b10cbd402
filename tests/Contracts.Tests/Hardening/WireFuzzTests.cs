using NetKAN.Bus.Contracts.Queues;
using NetKAN.Bus.Contracts.Wire;
using NetKAN.Bus.TestSupport;
using NetKAN.Bus.Contracts.Games;

namespace NetKAN.Bus.Contracts.Tests.Hardening;

/// <summary>
/// Fuzz (issue 13): queue messages as any producer could send them. Decoding either gives a contract whose mod is a
/// valid CKAN identifier, or a <see cref="WireFormatException"/> — whose identifier, when it names one, is valid too
/// (that is what a status row would be made for). Nothing else escapes.
/// </summary>
public sealed class WireFuzzTests
{
    private static readonly string[] AttributeNames =
        ["GameId", "ModIdentifier", "Success", "CheckTime", "FileName", "Staged", "StagingReason", "ErrorMessage",
         "WarningMessages", "HighestVersion", "HighestVersionPrerelease", "Releases"];

    private static readonly string[] Bodies =
    [
        "identifier: Astrogator\n$kref: '#/ckan/github/HebaruSan/Astrogator'\n", "{\"identifier\": \"Astrogator\"}",
        "Astrogator/Astrogator-v1.0.ckan", "{\"name\": \"Mod\", \"id\": 1}", "{}",
    ];

    [Theory]
    [InlineData(31)]
    [InlineData(62)]
    public void Every_codec_decodes_or_fails_with_a_wire_format_error_naming_only_valid_mods(int seed)
    {
        var fuzz = new FuzzInputs(seed);
        var decoders = new (string Name, Func<WireMessage, string?> Decode)[]
        {
            ("InflateMod", m => InflateMod.FromWire(m).Identifier),
            ("ModInflated", m => ModInflated.FromWire(m).Identifier),
            ("MirrorMod", m => MirrorMod.FromWire(m).Identifier),
            ("AddMod", m => { _ = AddMod.FromWire(m).Name; return null; }),
        };
        foreach (var i in FuzzInputs.Cases(4_000, TimeSpan.FromSeconds(5)))
        {
            var attributes = new Dictionary<string, string>(StringComparer.Ordinal);
            for (var n = fuzz.Next(8); n > 0; n--)
            {
                attributes[fuzz.Pick(AttributeNames)] = fuzz.Next(3) == 0 ? fuzz.Pick(["ksp", "KSP2", "True", "false", "2026-08-01T00:00:00", "3"]) : fuzz.Scalar();
            }
            var body = (i % 3) switch
            {
                0 => fuzz.Mutate(fuzz.Pick(Bodies)),
                1 => fuzz.JsonValue(fuzz.Next(70)),
                _ => fuzz.Scalar(),
            };
            var message = new WireMessage(body, attributes, "1", "d");
            var (name, decode) = decoders[i % decoders.Length];
            try
            {
                var identifier = decode(message);
                if (name is "ModInflated" or "MirrorMod")
                {
                    Assert.True(ModIdentifier.IsValid(identifier), $"{name} decoded an invalid identifier {identifier}");
                }
            }
            catch (WireFormatException e)
            {
                Assert.True(e.Identifier is null || ModIdentifier.IsValid(e.Identifier),
                    $"seed {seed} case {i}: {name} named an invalid mod {WireValues.Quote(e.Identifier)}");
            }
            catch (Exception e)
            {
                Assert.Fail($"seed {seed} case {i}: {name}: {e.GetType().Name}: {e.Message}\nbody: {WireValues.Quote(body)}");
            }
        }
    }
}
