using System.Globalization;

namespace NetKAN.Bus.Inflator.Avc;

/// <summary>
/// A game version such as <c>1.12.5</c> (CKAN's GameVersion): up to four components, undefined ones are -1 and
/// compare below 0, so <c>1.12 &lt; 1.12.0 &lt; 1.12.5</c>. <see cref="Any"/> stands for "any version".
/// </summary>
public sealed class GameVersion : IComparable<GameVersion>, IEquatable<GameVersion>
{
    public static readonly GameVersion Any = new(-1, -1, -1, -1);

    public GameVersion(int major, int minor = -1, int patch = -1, int build = -1)
    {
        Major = major;
        Minor = major < 0 ? -1 : minor;
        Patch = Minor < 0 ? -1 : patch;
        Build = Patch < 0 ? -1 : build;
    }

    public int Major { get; }
    public int Minor { get; }
    public int Patch { get; }
    public int Build { get; }

    public bool IsAny => Major < 0;

    public GameVersion WithoutBuild => new(Major, Minor, Patch);

    public static bool TryParse(string? text, out GameVersion version)
    {
        version = Any;
        if (text is null)
        {
            return false;
        }
        var t = text.Trim();
        if (t.Length == 0 || t.Equals("any", StringComparison.OrdinalIgnoreCase))
        {
            return t.Length > 0;
        }
        var parts = t.Split('.');
        if (parts.Length > 4)
        {
            return false;
        }
        var values = new int[] { -1, -1, -1, -1 };
        for (var i = 0; i < parts.Length; i++)
        {
            if (!int.TryParse(parts[i], NumberStyles.None, CultureInfo.InvariantCulture, out values[i]))
            {
                return false;
            }
        }
        version = new GameVersion(values[0], values[1], values[2], values[3]);
        return true;
    }

    public static GameVersion Parse(string text) =>
        TryParse(text, out var v) ? v : throw new FormatException($"'{text}' is not a game version");

    public int CompareTo(GameVersion? other)
    {
        if (other is null)
        {
            return 1;
        }
        var c = Major.CompareTo(other.Major);
        if (c == 0) c = Minor.CompareTo(other.Minor);
        if (c == 0) c = Patch.CompareTo(other.Patch);
        if (c == 0) c = Build.CompareTo(other.Build);
        return c;
    }

    public bool Equals(GameVersion? other) => other is not null && CompareTo(other) == 0;
    public override bool Equals(object? obj) => obj is GameVersion v && Equals(v);
    public override int GetHashCode() => HashCode.Combine(Major, Minor, Patch, Build);

    public override string ToString() =>
        IsAny ? "any"
        : Minor < 0 ? $"{Major}"
        : Patch < 0 ? $"{Major}.{Minor}"
        : Build < 0 ? $"{Major}.{Minor}.{Patch}"
        : $"{Major}.{Minor}.{Patch}.{Build}";

    /// <summary>The components as an array of defined values.</summary>
    internal int[] Defined() => new[] { Major, Minor, Patch, Build }.TakeWhile(v => v >= 0).ToArray();

    /// <summary>Whether this concrete version lies within [min, max], where each bound covers all its sub-versions.</summary>
    public bool IsWithin(GameVersion? min, GameVersion? max) =>
        (min is null || min.IsAny || ComparePrefix(this, min) >= 0)
        && (max is null || max.IsAny || ComparePrefix(this, max) <= 0);

    private static int ComparePrefix(GameVersion concrete, GameVersion bound)
    {
        var a = concrete.Defined();
        var b = bound.Defined();
        for (var i = 0; i < b.Length; i++)
        {
            var ai = i < a.Length ? a[i] : 0;
            if (ai != b[i])
            {
                return ai.CompareTo(b[i]);
            }
        }
        return 0;
    }
}
