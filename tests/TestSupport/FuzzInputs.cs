using System.Diagnostics;
using System.Text;

namespace NetKAN.Bus.TestSupport;

/// <summary>
/// Seeded generators of hostile input for the fuzz tests: deep nesting, huge and empty values, odd encodings
/// (control characters, NUL, lone surrogates, invalid UTF-8), wrong JSON types, and mutations of valid samples.
/// The same seed gives the same inputs, so a failure names its seed and case number and can be replayed.
/// </summary>
public sealed class FuzzInputs(int seed)
{
    private static readonly string[] Scalars =
    [
        "", " ", "0", "-1", "1.5", "1e999", "true", "false", "null", "~", "NaN", "Astrogator", "A", "-x", "x-",
        "../../etc/passwd", "/etc/passwd.ckan", "a/b.ckan", "NetKAN/../../x.ckan", "Foo\nBar", "Foo\r\nINFO forged",
        "Nul\0Byte", "\u001b[31mred", "<script>alert(1)</script>", "\"quoted\"", "'single'", "&amp;", "%00", "%0a",
        "\ud800", "\udfff", "日本語", "Ünïcode", "🚀", "\u202eevil", new string('a', 300), new string('9', 5000),
        "#/ckan/spacedock/269", "#/ckan/github/a/b", "#/ckan/netkan/http://127.0.0.1:1/x", "*alias", "&anchor",
        "!!binary", "---", "...", "{", "[", "}", "]", ":", "- ", "? ", "|", ">",
    ];

    private readonly Random _random = new(seed);

    public int Seed { get; } = seed;

    public Random Random => _random;

    public int Next(int max) => _random.Next(max);

    public int Next(int min, int max) => _random.Next(min, max);

    public T Pick<T>(IReadOnlyList<T> items) => items[_random.Next(items.Count)];

    public string Scalar() => _random.Next(5) == 0 ? RandomText(_random.Next(1, 40)) : Pick(Scalars);

    /// <summary>Random characters from the whole BMP, control characters and surrogates included.</summary>
    public string RandomText(int length)
    {
        var builder = new StringBuilder(length);
        for (var i = 0; i < length; i++)
        {
            builder.Append(_random.Next(4) switch
            {
                0 => (char)_random.Next(0, 32),
                1 => (char)_random.Next(32, 127),
                2 => (char)_random.Next(0xD800, 0xE000),
                _ => (char)_random.Next(127, 0xFFFF),
            });
        }
        return builder.ToString();
    }

    /// <summary>A JSON value of random shape; every string and key JSON-escaped, so the text is valid JSON.</summary>
    public string JsonValue(int maxDepth)
    {
        var builder = new StringBuilder();
        AppendJson(builder, maxDepth);
        return builder.ToString();
    }

    /// <summary>Flow nesting <paramref name="levels"/> deep: <c>[[[…]]]</c> or <c>{"a":{"a":…}}</c>.</summary>
    public static string Nested(int levels, bool objects) =>
        objects
            ? string.Concat(Enumerable.Repeat("{\"a\":", levels)) + "1" + new string('}', levels)
            : new string('[', levels) + new string(']', levels);

    /// <summary>A random edit of <paramref name="text"/>: bytes flipped, cut, repeated, or a hostile fragment inserted.</summary>
    public string Mutate(string text)
    {
        if (text.Length == 0)
        {
            return Scalar();
        }
        var at = _random.Next(text.Length);
        return _random.Next(6) switch
        {
            0 => text[..at],
            1 => text[..at] + (char)_random.Next(0, 0x10000) + text[(at + 1)..],
            2 => text[..at] + Scalar() + text[at..],
            3 => text[..at] + Nested(_random.Next(1, 200), _random.Next(2) == 0) + text[at..],
            4 => text + text[at..],
            _ => text.Replace("\"", _random.Next(2) == 0 ? "'" : "", StringComparison.Ordinal),
        };
    }

    /// <summary>Random bytes, often invalid UTF-8.</summary>
    public byte[] Bytes(int length)
    {
        var bytes = new byte[length];
        _random.NextBytes(bytes);
        return bytes;
    }

    /// <summary>A stopwatch-bounded loop: at most <paramref name="count"/> cases and at most <paramref name="budget"/>.</summary>
    public static IEnumerable<int> Cases(int count, TimeSpan budget)
    {
        var clock = Stopwatch.StartNew();
        for (var i = 0; i < count && clock.Elapsed < budget; i++)
        {
            yield return i;
        }
    }

    private void AppendJson(StringBuilder builder, int depth)
    {
        var kind = depth <= 0 ? _random.Next(4) : _random.Next(6);
        switch (kind)
        {
            case 0:
                builder.Append(_random.Next(3) switch { 0 => "true", 1 => "false", _ => "null" });
                break;
            case 1:
                builder.Append(_random.Next(3) switch
                {
                    0 => _random.Next(-1000, 1000).ToString(System.Globalization.CultureInfo.InvariantCulture),
                    1 => "1e308",
                    _ => "-0.000001",
                });
                break;
            case 2:
            case 3:
                builder.Append(System.Text.Json.JsonSerializer.Serialize(Scalar()));
                break;
            case 4:
                builder.Append('[');
                for (var i = _random.Next(4); i > 0; i--)
                {
                    AppendJson(builder, depth - 1);
                    builder.Append(i > 1 ? "," : "");
                }
                builder.Append(']');
                break;
            default:
                builder.Append('{');
                for (var i = _random.Next(4); i > 0; i--)
                {
                    builder.Append(System.Text.Json.JsonSerializer.Serialize(Scalar())).Append(':');
                    AppendJson(builder, depth - 1);
                    builder.Append(i > 1 ? "," : "");
                }
                builder.Append('}');
                break;
        }
    }
}
