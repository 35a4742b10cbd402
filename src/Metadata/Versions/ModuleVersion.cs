using System.Collections.Concurrent;
using System.Diagnostics.CodeAnalysis;
using System.Globalization;
using NetKAN.Bus.Contracts;

namespace NetKAN.Bus.Metadata.Versions;

/// <summary>
/// A CKAN module version (<c>[epoch:]text</c>) ordered exactly like the CKAN client's <c>ModuleVersion</c>,
/// quirks included (see docs/metadata.md). Unlike the client, equality and hashing agree with the ordering:
/// <c>1.01</c> and <c>1.1</c> compare equal, are <see cref="Equals(ModuleVersion?)"/> and hash the same.
/// </summary>
/// <remarks>
/// The text is split once, at construction, into (string chunk, number chunk) pairs; comparing two versions is
/// then a lexicographic walk over those pairs with no allocation. Instances are immutable and
/// <see cref="Parse"/> hands out shared instances from a bounded cache because the indexer and scheduler parse
/// every version in CKAN-meta.
/// </remarks>
public sealed class ModuleVersion : IComparable<ModuleVersion>, IEquatable<ModuleVersion>, IComparable
{
    // Bounded so a long-running service that sees arbitrary input cannot grow it forever. CKAN-meta has
    // about 10k distinct version strings, so in practice it never fills up.
    private const int CacheLimit = 65_536;
    private static readonly ConcurrentDictionary<string, ModuleVersion> Cache = new(StringComparer.Ordinal);
    private static int _cacheSize; // approximate; ConcurrentDictionary.Count takes every lock

    private readonly string _original;
    private readonly Chunk[] _chunks;
    private int _hash; // 0 = not computed yet; benign race, the value is deterministic

    private ModuleVersion(string original, int epoch, string text)
    {
        _original = original;
        Epoch = epoch;
        Text = text;
        _chunks = Split(text);
    }

    /// <summary>The epoch before the first <c>:</c>; 0 when absent.</summary>
    public int Epoch { get; }

    /// <summary>The version text after the optional <c>epoch:</c> prefix.</summary>
    public string Text { get; }

    /// <summary>Parses a version string. Throws <see cref="FormatException"/> for inputs the client also rejects
    /// (an epoch beyond int32, or a line break before the last character) and for versions longer than
    /// <see cref="InputLimits.MaxVersionLength"/> characters.</summary>
    public static ModuleVersion Parse(string version)
    {
        ArgumentNullException.ThrowIfNull(version);
        return GetOrCreate(version, out var error) ?? throw new FormatException(error);
    }

    public static bool TryParse(string? version, [NotNullWhen(true)] out ModuleVersion? result)
    {
        result = version is null ? null : GetOrCreate(version, out _);
        return result is not null;
    }

    /// <summary>Compares two version strings in CKAN order; <c>null</c> sorts before any version.</summary>
    public static int Compare(string? a, string? b)
    {
        if (a is null || b is null)
        {
            return a is null ? (b is null ? 0 : -1) : 1;
        }
        return ReferenceEquals(a, b) ? 0 : Parse(a).CompareTo(Parse(b));
    }

    /// <summary>The same version text with another epoch. Epoch 0 drops the prefix unless the text itself would
    /// then read as an epoch (<c>0:2:3</c> must stay that way).</summary>
    public ModuleVersion WithEpoch(int epoch)
    {
        ArgumentOutOfRangeException.ThrowIfNegative(epoch);
        var text = epoch == 0 && !StartsWithEpoch(Text) ? Text : $"{epoch.ToString(CultureInfo.InvariantCulture)}:{Text}";
        return Parse(text);
    }

    /// <summary>Epoch + 1 with the same text, as the inflator's auto-epoching does (always written as <c>N:text</c>).</summary>
    public ModuleVersion IncrementEpoch() => WithEpoch(checked(Epoch + 1));

    public bool EpochEquals(ModuleVersion other)
    {
        ArgumentNullException.ThrowIfNull(other);
        return Epoch == other.Epoch;
    }

    /// <summary>The original string, unchanged (<c>1:v1.0</c> stays <c>1:v1.0</c>).</summary>
    public override string ToString() => _original;

    public int CompareTo(ModuleVersion? other)
    {
        if (other is null)
        {
            return 1;
        }
        if (ReferenceEquals(this, other))
        {
            return 0;
        }
        if (Epoch != other.Epoch)
        {
            return Epoch > other.Epoch ? 1 : -1;
        }
        if (string.Equals(Text, other.Text, StringComparison.Ordinal))
        {
            return 0;
        }

        // Pair by pair: the string chunk first, then the number chunk; the first difference wins.
        var mine = _chunks;
        var theirs = other._chunks;
        var shared = Math.Min(mine.Length, theirs.Length);
        for (var i = 0; i < shared; i++)
        {
            var result = CompareStrings(Text, mine[i], other.Text, theirs[i]);
            if (result != 0)
            {
                return result;
            }
            result = mine[i].Number.CompareTo(theirs[i].Number);
            if (result != 0)
            {
                return result;
            }
        }

        // Whichever side ran out of text first is smaller (1.2 < 1.2.3, 1.0.21 < 1.0.21-rc0).
        return mine.Length.CompareTo(theirs.Length);
    }

    int IComparable.CompareTo(object? obj) => obj switch
    {
        null => 1,
        ModuleVersion other => CompareTo(other),
        _ => throw new ArgumentException($"Expected a {nameof(ModuleVersion)}", nameof(obj)),
    };

    public bool Equals(ModuleVersion? other) => other is not null && CompareTo(other) == 0;

    public override bool Equals(object? obj) => obj is ModuleVersion other && Equals(other);

    /// <summary>Hashes exactly what the ordering looks at, so versions that compare equal hash equal.</summary>
    public override int GetHashCode()
    {
        var hash = _hash;
        if (hash == 0)
        {
            var builder = new HashCode();
            builder.Add(Epoch);
            builder.Add(_chunks.Length);
            foreach (var chunk in _chunks)
            {
                builder.Add(chunk.Kind);
                if (chunk.Kind == ChunkKind.Plain)
                {
                    builder.Add(string.GetHashCode(Text.AsSpan(chunk.Start, chunk.Length)));
                }
                builder.Add(chunk.Number);
            }
            hash = builder.ToHashCode();
            _hash = hash == 0 ? 1 : hash;
        }
        return _hash;
    }

    public static bool operator ==(ModuleVersion? left, ModuleVersion? right) =>
        left is null ? right is null : left.Equals(right);

    public static bool operator !=(ModuleVersion? left, ModuleVersion? right) => !(left == right);

    public static bool operator <(ModuleVersion? left, ModuleVersion? right) => CompareNullable(left, right) < 0;

    public static bool operator >(ModuleVersion? left, ModuleVersion? right) => CompareNullable(left, right) > 0;

    public static bool operator <=(ModuleVersion? left, ModuleVersion? right) => CompareNullable(left, right) <= 0;

    public static bool operator >=(ModuleVersion? left, ModuleVersion? right) => CompareNullable(left, right) >= 0;

    private static int CompareNullable(ModuleVersion? left, ModuleVersion? right) =>
        left is null ? (right is null ? 0 : -1) : left.CompareTo(right);

    private static ModuleVersion? GetOrCreate(string version, out string? error)
    {
        error = null;
        if (Cache.TryGetValue(version, out var cached))
        {
            return cached;
        }
        var created = Create(version, out error);
        if (created is null)
        {
            return null;
        }
        if (Interlocked.Increment(ref _cacheSize) > CacheLimit)
        {
            Cache.Clear();
            Interlocked.Exchange(ref _cacheSize, 0);
        }
        return Cache.GetOrAdd(version, created);
    }

    private static ModuleVersion? Create(string version, out string? error)
    {
        error = null;
        if (version.Length > InputLimits.MaxVersionLength)
        {
            // Not a client rule: a guard against input that would bloat the cache and every comparison.
            error = $"Version '{version[..32]}…' is {version.Length:N0} characters long; at most {InputLimits.MaxVersionLength} are accepted";
            return null;
        }

        // The client matches ^(?:(?<epoch>[0-9]+):)?(?<version>.*)$ without Singleline: '.' stops at '\n' and '$'
        // may sit before one final '\n', which is then dropped from the version text.
        var body = version;
        var newline = version.IndexOf('\n');
        if (newline >= 0)
        {
            if (newline != version.Length - 1)
            {
                error = $"Version '{version}' contains a line break";
                return null;
            }
            body = version[..newline];
        }

        var epoch = 0;
        var text = body;
        var digits = LeadingAsciiDigits(body);
        if (digits > 0 && digits < body.Length && body[digits] == ':')
        {
            if (!int.TryParse(body.AsSpan(0, digits), NumberStyles.None, CultureInfo.InvariantCulture, out epoch))
            {
                error = $"Version '{version}' has an epoch beyond {int.MaxValue}";
                return null;
            }
            text = body[(digits + 1)..];
        }
        return new ModuleVersion(version, epoch, text);
    }

    private static bool StartsWithEpoch(string text)
    {
        var digits = LeadingAsciiDigits(text);
        return digits > 0 && digits < text.Length && text[digits] == ':';
    }

    private static int LeadingAsciiDigits(string text)
    {
        var i = 0;
        while (i < text.Length && char.IsAsciiDigit(text[i]))
        {
            i++;
        }
        return i;
    }

    // The client treats "a digit" as char.IsNumber (Unicode Nd/Nl/No), one UTF-16 unit at a time.
    private static Chunk[] Split(string text)
    {
        if (text.Length == 0)
        {
            return [];
        }

        // Every pair starts at the beginning or right after a digit run, so count those first and allocate once.
        var count = 1;
        for (var i = 1; i < text.Length; i++)
        {
            if (char.IsNumber(text[i - 1]) && !char.IsNumber(text[i]))
            {
                count++;
            }
        }

        var chunks = new Chunk[count];
        var position = 0;
        for (var n = 0; n < count; n++)
        {
            var stringStart = position;
            while (position < text.Length && !char.IsNumber(text[position]))
            {
                position++;
            }
            var stringLength = position - stringStart;
            var numberStart = position;
            while (position < text.Length && char.IsNumber(text[position]))
            {
                position++;
            }
            chunks[n] = new Chunk(
                stringStart,
                stringLength,
                Classify(text, stringStart, stringLength),
                ParseNumber(text.AsSpan(numberStart, position - numberStart)));
        }
        return chunks;
    }

    private static ChunkKind Classify(string text, int start, int length) =>
        length == 0 ? ChunkKind.Empty
        : text[start] != '.' ? ChunkKind.Plain
        : length == 1 ? ChunkKind.Dot
        : ChunkKind.DotLonger;

    // int.TryParse semantics on a run of number characters: only ASCII digits parse, anything that does not fit
    // in an int32 (or is empty, or uses other Unicode digits) counts as 0. That is why v1.1.0.202206081400 < v1.1.0.1.
    private static int ParseNumber(ReadOnlySpan<char> digits)
    {
        long value = 0;
        foreach (var c in digits)
        {
            if (!char.IsAsciiDigit(c))
            {
                return 0;
            }
            value = value * 10 + (c - '0');
            if (value > int.MaxValue)
            {
                return 0;
            }
        }
        return (int)value;
    }

    // The client's string-chunk rule collapses to an order on four kinds: "" < plain (ordinal among themselves)
    // < any longer run starting with '.' (all equal to each other: ".a" == ".b") < exactly ".".
    private static int CompareStrings(string leftText, Chunk left, string rightText, Chunk right)
    {
        if (left.Kind != right.Kind)
        {
            return left.Kind < right.Kind ? -1 : 1;
        }
        if (left.Kind != ChunkKind.Plain)
        {
            return 0;
        }
        var result = leftText.AsSpan(left.Start, left.Length).SequenceCompareTo(rightText.AsSpan(right.Start, right.Length));
        return Math.Sign(result);
    }

    private enum ChunkKind : byte
    {
        Empty = 0,
        Plain = 1,
        DotLonger = 2,
        Dot = 3,
    }

    private readonly record struct Chunk(int Start, int Length, ChunkKind Kind, int Number);
}
