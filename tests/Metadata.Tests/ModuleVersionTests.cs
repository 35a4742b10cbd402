using System.Text.Json;
using NetKAN.Bus.Metadata.Versions;

namespace NetKAN.Bus.Metadata.Tests;

public sealed class ModuleVersionTests
{
    // Vectors from inflator.md §4 and netkan-infra.md §1.3: each pair is (smaller, larger).
    [Theory]
    [InlineData("apple", "banana")]
    [InlineData("1.0_beta", "1.0.1_beta")]
    [InlineData("1.0", "1.0.repackaged")]
    [InlineData("1.0.repackaged", "1.0.1")]
    [InlineData("1.0", "1.0.1")]
    [InlineData("1.1.0.0", "1.1.1")]
    [InlineData("v6a5", "v6a12")]
    [InlineData("1.20", "1.22a")]
    [InlineData("1.0", "2.0")]
    [InlineData("1.3", "v1.1")] // 'v' > "" so any v-version beats a digit-first one
    [InlineData("99.0", "v0.1")]
    [InlineData("1.1", "1:0.2")] // the epoch dominates
    [InlineData("5:9.9", "6:0.1")]
    [InlineData("0.9", "0.11")]
    [InlineData("0.7", "0.65")] // numeric: 7 < 65, which is why 0.7 got an epoch
    [InlineData("v1.1.0.202206081400", "v1.1.0.1")] // int32 overflow counts as 0
    [InlineData("1.2", "1.2.3")]
    [InlineData("1.0", "1.0a")]
    [InlineData("1.0.21", "1.0.21-rc0")] // prerelease suffixes sort higher
    [InlineData("0.0.21", "0.0.21-rc0")]
    [InlineData("1.2-3", "1.2.3")]
    [InlineData("1.0.1", "1.0.1 ")] // a trailing space is more text
    [InlineData("1.0.x", "1.0.")] // a bare "." beats a longer run starting with '.'
    public void Orders_like_the_CKAN_client(string smaller, string larger)
    {
        var a = ModuleVersion.Parse(smaller);
        var b = ModuleVersion.Parse(larger);

        Assert.True(a < b, $"{smaller} < {larger}");
        Assert.True(b > a);
        Assert.True(a <= b && b >= a);
        Assert.NotEqual(a, b);
        Assert.True(a != b);
        Assert.True(a.CompareTo(b) < 0 && b.CompareTo(a) > 0);
        Assert.True(ModuleVersion.Compare(smaller, larger) < 0);
        Assert.True(ModuleVersion.Compare(larger, smaller) > 0);
    }

    [Theory]
    [InlineData("1.01", "1.1")]
    [InlineData("1.0", "1.00")]
    [InlineData(".a", ".b")] // both runs start with '.' and are longer than one char: the client calls them equal
    [InlineData("Chaka_Monkey_Exploration_Systems_1.2.2.X", "Chaka_Monkey_Exploration_Systems_1.2.2.A")]
    [InlineData("1.0a", "1.0a0")] // a missing number counts as 0
    [InlineData("0:1.0", "1.0")]
    [InlineData("1.2.\u0663", "1.2.0")] // an Arabic-Indic digit is a number char that int.TryParse rejects: 0
    public void Equal_versions_are_equal_everywhere(string left, string right)
    {
        var a = ModuleVersion.Parse(left);
        var b = ModuleVersion.Parse(right);

        Assert.Equal(0, a.CompareTo(b));
        Assert.Equal(0, ModuleVersion.Compare(left, right));
        Assert.True(a == b);
        Assert.True(a.Equals(b) && b.Equals(a));
        Assert.Equal(a.GetHashCode(), b.GetHashCode()); // the client's hash differs here; ours must not
        Assert.Single(new HashSet<ModuleVersion> { a, b });
        Assert.Equal(left, a.ToString()); // but each keeps its own text
        Assert.Equal(right, b.ToString());
    }

    [Fact]
    public void Parse_keeps_the_original_text_and_splits_off_the_epoch()
    {
        var version = ModuleVersion.Parse("2:v1.0 - Hotfix");
        Assert.Equal(2, version.Epoch);
        Assert.Equal("v1.0 - Hotfix", version.Text);
        Assert.Equal("2:v1.0 - Hotfix", version.ToString());

        var plain = ModuleVersion.Parse("v1.0:beta");
        Assert.Equal(0, plain.Epoch); // only leading digits before ':' are an epoch
        Assert.Equal("v1.0:beta", plain.Text);

        Assert.Equal("", ModuleVersion.Parse("").Text);
        Assert.True(ModuleVersion.Parse("") < ModuleVersion.Parse("0"));
    }

    [Fact]
    public void Parse_rejects_what_the_client_rejects()
    {
        Assert.Throws<FormatException>(() => ModuleVersion.Parse("99999999999:1.0"));
        Assert.Throws<FormatException>(() => ModuleVersion.Parse("1.0\nbeta"));
        Assert.False(ModuleVersion.TryParse("99999999999:1.0", out _));
        Assert.False(ModuleVersion.TryParse(null, out _));
        // The client's regex lets one final line break through and leaves it out of the version text.
        Assert.Equal("1.0", ModuleVersion.Parse("1.0\n").Text);
    }

    [Fact]
    public void Epoch_helpers_follow_the_inflator()
    {
        var version = ModuleVersion.Parse("1.1");
        var bumped = version.IncrementEpoch();
        Assert.Equal("1:1.1", bumped.ToString());
        Assert.Equal("2:1.1", bumped.IncrementEpoch().ToString());
        Assert.Equal("5:1.1", version.WithEpoch(5).ToString());
        Assert.Equal("1.1", bumped.WithEpoch(0).ToString());
        Assert.Equal("0:2:3", ModuleVersion.Parse("1:2:3").WithEpoch(0).ToString()); // "2:3" alone would read as epoch 2
        Assert.True(bumped.EpochEquals(ModuleVersion.Parse("1:0.1")));
        Assert.False(bumped.EpochEquals(version));
        Assert.Throws<ArgumentOutOfRangeException>(() => version.WithEpoch(-1));
    }

    // EpochTransformerTests from the inflator (inflator.md §4): bump the epoch while below the highest version.
    [Theory]
    [InlineData("1.1", "1.2", "1:1.1")]
    [InlineData("1.1", "5:1.1", "5:1.1")]
    [InlineData("1.1", "5:1.2", "6:1.1")]
    [InlineData("2.5", "v2.4", "1:2.5")]
    public void Auto_epoching_reaches_the_expected_version(string version, string highest, string expected)
    {
        var v = ModuleVersion.Parse(version);
        var high = ModuleVersion.Parse(highest);
        while (v < high)
        {
            v = v.IncrementEpoch();
        }
        Assert.Equal(expected, v.ToString());
    }

    [Fact]
    public void Null_sorts_first()
    {
        Assert.True(ModuleVersion.Compare(null, "0") < 0);
        Assert.True(ModuleVersion.Compare("0", null) > 0);
        Assert.Equal(0, ModuleVersion.Compare(null, null));
        Assert.True((ModuleVersion?)null < ModuleVersion.Parse("0"));
        Assert.True(ModuleVersion.Parse("0").CompareTo(null) > 0);
    }

    [Fact]
    public void Agrees_with_a_literal_transcription_of_the_client_on_random_and_real_versions()
    {
        var random = new Random(20260801);
        var versions = CorpusVersions().Concat(RandomVersions(random, 3000)).ToArray();
        for (var n = 0; n < 300_000; n++)
        {
            var a = versions[random.Next(versions.Length)];
            var b = versions[random.Next(versions.Length)];
            var expected = ReferenceCompare(a, b);
            var actual = Math.Sign(ModuleVersion.Parse(a).CompareTo(ModuleVersion.Parse(b)));
            Assert.True(expected == actual, $"Compare(\"{a}\", \"{b}\"): client {expected}, ours {actual}");
        }
    }

    [Fact]
    public void Ordering_is_a_consistent_total_preorder_over_CKAN_meta_versions()
    {
        var random = new Random(42);
        var all = CorpusVersions().Select(ModuleVersion.Parse).ToArray();
        Assert.True(all.Length > 9_000, $"only {all.Length} distinct versions read from the corpus");
        var sample = all.OrderBy(_ => random.Next()).Take(1500).Concat(RandomVersions(random, 500).Select(ModuleVersion.Parse)).ToArray();

        // Antisymmetry, equality <=> compare == 0, equal => same hash: every pair of the sample.
        for (var i = 0; i < sample.Length; i++)
        {
            for (var j = i + 1; j < sample.Length; j++)
            {
                var a = sample[i];
                var b = sample[j];
                var ab = a.CompareTo(b);
                Assert.Equal(Math.Sign(ab), -Math.Sign(b.CompareTo(a)));
                Assert.Equal(ab == 0, a.Equals(b));
                if (ab == 0)
                {
                    Assert.Equal(a.GetHashCode(), b.GetHashCode());
                }
            }
        }

        // Transitivity: after sorting, every earlier element is <= every later one, and random triples agree.
        var sorted = sample.Order().ToArray();
        for (var i = 0; i < sorted.Length; i++)
        {
            for (var j = i + 1; j < sorted.Length; j++)
            {
                Assert.True(sorted[i].CompareTo(sorted[j]) <= 0, $"{sorted[i]} sorted before {sorted[j]}");
            }
        }
        for (var n = 0; n < 200_000; n++)
        {
            var a = all[random.Next(all.Length)];
            var b = all[random.Next(all.Length)];
            var c = all[random.Next(all.Length)];
            if (a <= b && b <= c)
            {
                Assert.True(a <= c, $"{a} <= {b} <= {c} but not {a} <= {c}");
            }
        }

        // The corpus really contains distinct strings that compare equal (1.01/1.1 and the '.' quirk).
        var distinctStrings = all.Length;
        var distinctVersions = all.ToHashSet().Count;
        Assert.True(distinctVersions < distinctStrings, "expected some CKAN-meta versions to compare equal");
    }

    private static readonly Lazy<string[]> CorpusVersionsLazy = new(ReadCorpusVersions);

    private static string[] CorpusVersions() => CorpusVersionsLazy.Value;

    private static string[] ReadCorpusVersions()
    {
        var versions = new HashSet<string>(StringComparer.Ordinal);
        foreach (var file in CkanCorpus.Files)
        {
            using var document = JsonDocument.Parse(file.Bytes);
            if (document.RootElement.TryGetProperty("version", out var version) && version.ValueKind == JsonValueKind.String)
            {
                versions.Add(version.GetString()!);
            }
        }
        return versions.Order(StringComparer.Ordinal).ToArray();
    }

    // Short strings over an alphabet that hits every rule: digits, '.', letters, separators, an epoch colon,
    // non-ASCII number characters and overflowing numbers.
    private static IEnumerable<string> RandomVersions(Random random, int count)
    {
        string[] atoms = ["0", "1", "2", "9", "10", "01", "2147483647", "2147483648", "99999999999", ".", ".", "a", "b",
            "v", "V", "-", "_", "+", " ", "rc", "beta", "\u0663", "\u00b2", "x", ":", ".."];
        for (var i = 0; i < count; i++)
        {
            var parts = random.Next(0, 7);
            var text = string.Concat(Enumerable.Range(0, parts).Select(_ => atoms[random.Next(atoms.Length)]));
            if (random.Next(5) == 0)
            {
                text = $"{random.Next(0, 4)}:{text}";
            }
            if (ModuleVersion.TryParse(text, out _))
            {
                yield return text;
            }
        }
    }

    // A direct, unoptimised transcription of the algorithm in inflator.md §4: slice strings step by step.
    private static int ReferenceCompare(string left, string right)
    {
        static (int Epoch, string Text) Split(string v)
        {
            var m = System.Text.RegularExpressions.Regex.Match(v, "^(?:(?<epoch>[0-9]+):)?(?<version>.*)$");
            return (m.Groups["epoch"].Success ? int.Parse(m.Groups["epoch"].Value) : 0, m.Groups["version"].Value);
        }

        var (e1, r1) = Split(left);
        var (e2, r2) = Split(right);
        if (e1 == e2 && r1 == r2)
        {
            return 0;
        }
        if (e1 != e2)
        {
            return e1 > e2 ? 1 : -1;
        }
        while (r1.Length > 0 && r2.Length > 0)
        {
            var i1 = 0;
            while (i1 < r1.Length && !char.IsNumber(r1[i1]))
            {
                i1++;
            }
            var i2 = 0;
            while (i2 < r2.Length && !char.IsNumber(r2[i2]))
            {
                i2++;
            }
            var s1 = r1[..i1];
            var s2 = r2[..i2];
            r1 = r1[i1..];
            r2 = r2[i2..];
            int c;
            if (s1.Length > 0 && s2.Length > 0)
            {
                if ((s1[0] == '.') != (s2[0] == '.'))
                {
                    c = s1[0] == '.' ? 1 : -1;
                }
                else if (s1[0] == '.')
                {
                    c = s1.Length == 1 && s2.Length > 1 ? 1 : s1.Length > 1 && s2.Length == 1 ? -1 : 0;
                }
                else
                {
                    c = Math.Sign(string.CompareOrdinal(s1, s2));
                }
            }
            else
            {
                c = Math.Sign(string.CompareOrdinal(s1, s2));
            }
            if (c != 0)
            {
                return c;
            }

            var j1 = 0;
            while (j1 < r1.Length && char.IsNumber(r1[j1]))
            {
                j1++;
            }
            var j2 = 0;
            while (j2 < r2.Length && char.IsNumber(r2[j2]))
            {
                j2++;
            }
            var n1 = int.TryParse(r1[..j1], out var x1) ? x1 : 0;
            var n2 = int.TryParse(r2[..j2], out var x2) ? x2 : 0;
            r1 = r1[j1..];
            r2 = r2[j2..];
            if (n1 != n2)
            {
                return n1 > n2 ? 1 : -1;
            }
        }
        return r1.Length == 0 ? (r2.Length == 0 ? 0 : -1) : 1;
    }
}
