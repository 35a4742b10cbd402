namespace NetKAN.Bus.Metadata;

internal static class Utf8
{
    private static ReadOnlySpan<byte> Bom => [0xEF, 0xBB, 0xBF];

    /// <summary>Drops a UTF-8 byte order mark: System.Text.Json rejects one at the start of a byte buffer, and a
    /// hand-edited file may carry it.</summary>
    public static ReadOnlyMemory<byte> WithoutBom(ReadOnlyMemory<byte> bytes) =>
        bytes.Span.StartsWith(Bom) ? bytes[Bom.Length..] : bytes;
}
