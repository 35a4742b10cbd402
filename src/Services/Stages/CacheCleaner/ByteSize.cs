using System.Globalization;

namespace NetKAN.Bus.Services.CacheCleaner;

/// <summary>Sizes as people write them: <c>1048576</c>, <c>512M</c>, <c>50G</c>, <c>1.5T</c> (binary units, optional B).</summary>
public static class ByteSize
{
    public static long Parse(string text)
    {
        var t = text.Trim().ToUpperInvariant();
        if (t.EndsWith('B'))
        {
            t = t[..^1];
        }
        var unit = t.Length > 0 ? t[^1] : ' ';
        var shift = unit switch { 'K' => 10, 'M' => 20, 'G' => 30, 'T' => 40, _ => 0 };
        var number = shift == 0 ? t : t[..^1];
        if (!double.TryParse(number, NumberStyles.Float, CultureInfo.InvariantCulture, out var value) || value < 0)
        {
            throw new FormatException($"'{text}' is not a size (e.g. 1048576, 512M, 50G)");
        }
        return (long)(value * (1L << shift));
    }

    public static string Format(long bytes) =>
        bytes >= 1L << 30 ? $"{bytes / (double)(1L << 30):0.0} GiB"
        : bytes >= 1L << 20 ? $"{bytes / (double)(1L << 20):0.0} MiB"
        : bytes >= 1L << 10 ? $"{bytes / (double)(1L << 10):0.0} KiB"
        : $"{bytes} B";
}
