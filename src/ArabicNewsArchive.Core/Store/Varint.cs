namespace ArabicNewsArchive.Store;

/// <summary>
/// LEB128 varints (7 bits a byte, low bits first, the high bit set on every byte but the last): the compact blobs
/// the store keeps per article (paragraph maps, story terms) write their numbers so.
/// </summary>
internal static class Varint
{
    /// <summary>Appends <paramref name="value"/> to <paramref name="output"/>.</summary>
    public static void Write(List<byte> output, uint value)
    {
        for (; value >= 0x80; value >>= 7)
        {
            output.Add((byte)(value | 0x80));
        }

        output.Add((byte)value);
    }

    /// <summary>Reads the varint at <paramref name="position"/> and moves past it.</summary>
    public static uint Read(ReadOnlySpan<byte> input, ref int position)
    {
        uint value = 0;
        for (var shift = 0; ; shift += 7)
        {
            var b = input[position++];
            value |= (uint)(b & 0x7F) << shift;
            if (b < 0x80)
            {
                return value;
            }
        }
    }
}
