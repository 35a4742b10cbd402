using NetKAN.Bus.Metadata.Ckan;
using NetKAN.Bus.Metadata.Documents;
using NetKAN.Bus.Metadata.Versions;
using NetKAN.Bus.TestSupport;

namespace NetKAN.Bus.Metadata.Tests.Hardening;

/// <summary>
/// Fuzz (issue 13): generated hostile input for every parser of outside text. Each input either parses or fails with
/// the parser's own documented exception — never another exception, never a crash. Seeded, bounded in count and time.
/// </summary>
public sealed class ParserFuzzTests
{
    private static readonly TimeSpan Budget = TimeSpan.FromSeconds(4);

    private const string Sample = """
        spec_version: v1.18
        identifier: Astrogator
        $kref: '#/ckan/github/HebaruSan/Astrogator'
        license: GPL-3.0
        tags: [plugin, information]
        depends:
          - name: ModuleManager
        install:
          - find: Astrogator
            install_to: GameData
        x_netkan_override:
          - version: 1.0
            override: { ksp_version_max: 1.12 }
        """;

    [Theory]
    [InlineData(1301)]
    [InlineData(2602)]
    public void Netkan_text_parses_or_fails_with_a_metadata_error(int seed)
    {
        var fuzz = new FuzzInputs(seed);
        var cases = 0;
        foreach (var i in FuzzInputs.Cases(2_000, Budget))
        {
            var text = (i % 4) switch
            {
                0 => fuzz.Mutate(Sample),
                1 => fuzz.Mutate(fuzz.Mutate(Sample)),
                2 => "{\"identifier\": \"Fuzz\", \"x\": " + fuzz.JsonValue(fuzz.Next(80)) + "}",
                _ => "identifier: Fuzz\nx: " + FuzzInputs.Nested(fuzz.Next(1, 3_000), fuzz.Next(2) == 0) + "\n",
            };
            try
            {
                NetkanFile.Parse(text, "Fuzz.netkan");
            }
            catch (MetadataException)
            {
            }
            catch (Exception e)
            {
                Assert.Fail($"seed {seed} case {i}: {e.GetType().Name}: {e.Message}\ninput: {text[..Math.Min(text.Length, 300)]}");
            }
            cases++;
        }
        Assert.True(cases >= 50, $"only {cases} cases ran in the budget");
    }

    [Theory]
    [InlineData(7)]
    public void Ckan_text_parses_or_fails_with_a_metadata_error(int seed)
    {
        var fuzz = new FuzzInputs(seed);
        foreach (var i in FuzzInputs.Cases(2_000, Budget))
        {
            var text = i % 2 == 0 ? fuzz.JsonValue(fuzz.Next(100)) : fuzz.Mutate("{\"identifier\": \"A\", \"version\": \"1.0\"}");
            try
            {
                var module = CkanModule.Parse(text, "Fuzz.ckan");
                _ = module.Version;
            }
            catch (MetadataException)
            {
            }
            catch (Exception e)
            {
                Assert.Fail($"seed {seed} case {i}: {e.GetType().Name}: {e.Message}\ninput: {text[..Math.Min(text.Length, 300)]}");
            }
        }
    }

    [Theory]
    [InlineData(11)]
    public void Version_strings_parse_or_fail_with_a_format_error_and_order_consistently(int seed)
    {
        var fuzz = new FuzzInputs(seed);
        var parsed = new List<ModuleVersion>();
        foreach (var i in FuzzInputs.Cases(5_000, Budget))
        {
            var text = (i % 3) switch
            {
                0 => fuzz.Scalar(),
                1 => fuzz.RandomText(fuzz.Next(1, 400)),
                _ => $"{fuzz.Next(3)}:{fuzz.Next(100)}.{fuzz.Scalar()}",
            };
            try
            {
                parsed.Add(ModuleVersion.Parse(text));
            }
            catch (FormatException)
            {
            }
        }
        // Sorting must not throw (a comparer that is not a total order makes List.Sort throw).
        parsed.Sort();
        for (var i = 1; i < parsed.Count; i++)
        {
            Assert.True(parsed[i - 1].CompareTo(parsed[i]) <= 0);
        }
    }
}
