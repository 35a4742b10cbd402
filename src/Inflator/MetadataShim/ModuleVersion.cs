using System.Globalization;
using System.Text.RegularExpressions;

namespace NetKAN.Bus.Metadata.Versions;

/// <summary>Temporary stand-in for the metadata core's ModuleVersion (exact CKAN ordering).</summary>
public sealed partial class ModuleVersion : IComparable<ModuleVersion>, IEquatable<ModuleVersion>
{
    private readonly string _version;

    private ModuleVersion(int epoch, string version, string text)
    {
        Epoch = epoch;
        _version = version;
        Text = text;
    }

    public int Epoch { get; }
    public string Text { get; }

    public static ModuleVersion Parse(string text)
    {
        var m = Pattern().Match(text);
        var epoch = m.Groups["epoch"].Success && int.TryParse(m.Groups["epoch"].Value, NumberStyles.None, CultureInfo.InvariantCulture, out var e) ? e : 0;
        return new ModuleVersion(epoch, m.Groups["version"].Value, text);
    }

    public ModuleVersion WithEpoch(int epoch) => new(epoch, _version, epoch == 0 ? _version : $"{epoch}:{_version}");
    public ModuleVersion IncrementEpoch() => WithEpoch(Epoch + 1);
    public bool EpochEquals(ModuleVersion other) => Epoch == other.Epoch;

    public int CompareTo(ModuleVersion? other)
    {
        if (other is null) return 1;
        if (Epoch == other.Epoch && string.Equals(_version, other._version, StringComparison.Ordinal)) return 0;
        if (Epoch != other.Epoch) return Epoch.CompareTo(other.Epoch);
        var a = _version;
        var b = other._version;
        while (a.Length > 0 && b.Length > 0)
        {
            var (sa, ra) = SplitNonDigits(a);
            var (sb, rb) = SplitNonDigits(b);
            var c = CompareStrings(sa, sb);
            if (c != 0) return c;
            var (na, ra2) = SplitDigits(ra);
            var (nb, rb2) = SplitDigits(rb);
            var ia = int.TryParse(na, NumberStyles.None, CultureInfo.InvariantCulture, out var x) ? x : 0;
            var ib = int.TryParse(nb, NumberStyles.None, CultureInfo.InvariantCulture, out var y) ? y : 0;
            c = ia.CompareTo(ib);
            if (c != 0) return c;
            a = ra2;
            b = rb2;
        }
        if (a.Length == 0 && b.Length == 0) return 0;
        return a.Length == 0 ? -1 : 1;
    }

    private static int CompareStrings(string a, string b)
    {
        var aDot = a.StartsWith('.');
        var bDot = b.StartsWith('.');
        if (aDot && !bDot) return 1;
        if (bDot && !aDot) return -1;
        if (aDot && bDot)
        {
            if (a == "." && b != ".") return 1;
            if (b == "." && a != ".") return -1;
            return 0;
        }
        return Math.Sign(string.CompareOrdinal(a, b));
    }

    private static (string, string) SplitNonDigits(string s)
    {
        var i = 0;
        while (i < s.Length && !char.IsNumber(s[i])) i++;
        return (s[..i], s[i..]);
    }

    private static (string, string) SplitDigits(string s)
    {
        var i = 0;
        while (i < s.Length && char.IsNumber(s[i])) i++;
        return (s[..i], s[i..]);
    }

    public bool Equals(ModuleVersion? other) => other is not null && CompareTo(other) == 0;
    public override bool Equals(object? obj) => obj is ModuleVersion v && Equals(v);
    public override int GetHashCode() => HashCode.Combine(Epoch, _version);
    public override string ToString() => Text;

    public static bool operator <(ModuleVersion a, ModuleVersion b) => a.CompareTo(b) < 0;
    public static bool operator >(ModuleVersion a, ModuleVersion b) => a.CompareTo(b) > 0;
    public static bool operator <=(ModuleVersion a, ModuleVersion b) => a.CompareTo(b) <= 0;
    public static bool operator >=(ModuleVersion a, ModuleVersion b) => a.CompareTo(b) >= 0;

    [GeneratedRegex("^(?:(?<epoch>[0-9]+):)?(?<version>.*)$", RegexOptions.Singleline)]
    private static partial Regex Pattern();
}
