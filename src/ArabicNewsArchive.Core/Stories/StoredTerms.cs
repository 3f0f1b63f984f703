using System.Globalization;
using System.Text;
using ArabicNewsArchive.Store;
using Microsoft.EntityFrameworkCore.Storage.ValueConversion;

namespace ArabicNewsArchive.Stories;

/// <summary>
/// The stored form of <see cref="ArticleStoryFeatures.Terms"/> and <see cref="ArticleStoryFeatures.CountedTerms"/>:
/// the text "stem:count …" took ~1.7 KB per real article (every Arabic letter two bytes of UTF-8, a colon, digits and a
/// space per stem), the largest of the story tables. The blob keeps the same entries in the same order (duplicates
/// too, so parsing either form gives the same result): a mark byte, then per entry a varint header
/// (stem length in bytes × 4 + the count when below 3, else 3 and the count − 3 as a second varint) and the stem with
/// one byte per letter (ASCII as itself, U+0600–U+067E as 0x80 + its offset, anything else 0xFF and its UTF-16 unit).
/// A value without the mark is the old text (stores written before; SQLite hands its UTF-8 bytes to a blob read).
/// </summary>
internal static class StoredTerms
{
    /// <summary>First byte of the compact form; the old text never starts with it (stems are letters).</summary>
    public const byte Mark = 0x01;

    private const char ArabicBase = '\u0600';
    private const byte Escape = 0xFF;

    /// <summary>The converter the model maps both columns with.</summary>
    public static readonly ValueConverter<string, byte[]> Converter = new(text => Encode(text), blob => Decode(blob));

    /// <summary>The compact form of the text form ("stem:count" separated by spaces); entries without a count are dropped as the parser drops them.</summary>
    public static byte[] Encode(string text)
    {
        ArgumentNullException.ThrowIfNull(text);
        var buffer = new List<byte>(text.Length) { Mark };
        var scratch = new List<byte>(32);
        foreach (var range in text.AsSpan().Split(' '))
        {
            var entry = text.AsSpan(range);
            var colon = entry.LastIndexOf(':');
            if (colon <= 0)
            {
                continue;
            }

            var count = (uint)int.Parse(entry[(colon + 1)..], CultureInfo.InvariantCulture);
            scratch.Clear();
            foreach (var c in entry[..colon])
            {
                if (c < 0x80)
                {
                    scratch.Add((byte)c);
                }
                else if (c >= ArabicBase && c < ArabicBase + 0x7F)
                {
                    scratch.Add((byte)(0x80 + (c - ArabicBase)));
                }
                else
                {
                    scratch.Add(Escape);
                    scratch.Add((byte)c);
                    scratch.Add((byte)(c >> 8));
                }
            }

            Varint.Write(buffer, ((uint)scratch.Count << 2) | Math.Min(count, 3u));
            buffer.AddRange(scratch);
            if (count >= 3)
            {
                Varint.Write(buffer, count - 3);
            }
        }

        return [.. buffer];
    }

    /// <summary>The text form of a stored value, either form.</summary>
    public static string Decode(ReadOnlySpan<byte> stored)
    {
        if (!IsCompact(stored))
        {
            return Encoding.UTF8.GetString(stored);
        }

        var sb = new StringBuilder(stored.Length * 2);
        Span<char> stem = stackalloc char[256];
        var position = 1;
        while (ReadEntry(stored, ref position, ref stem, out var length, out var count))
        {
            if (sb.Length > 0)
            {
                sb.Append(' ');
            }

            sb.Append(stem[..length]).Append(':').Append(count.ToString(CultureInfo.InvariantCulture));
        }

        return sb.ToString();
    }

    /// <summary>True when <paramref name="stored"/> is the compact form (else it is the old text's UTF-8).</summary>
    public static bool IsCompact(ReadOnlySpan<byte> stored) => stored.Length > 0 && stored[0] == Mark;

    /// <summary>
    /// Reads the entry at <paramref name="position"/> (start at 1, past the mark) into <paramref name="stem"/> (grown
    /// when too small); false at the end.
    /// </summary>
    public static bool ReadEntry(ReadOnlySpan<byte> stored, ref int position, ref Span<char> stem, out int length, out int count)
    {
        if (position >= stored.Length)
        {
            (length, count) = (0, 0);
            return false;
        }

        var header = Varint.Read(stored, ref position);
        var bytes = (int)(header >> 2);
        var end = position + bytes;
        if (stem.Length < bytes)
        {
            stem = new char[bytes];
        }

        length = 0;
        while (position < end)
        {
            var b = stored[position++];
            stem[length++] = b switch
            {
                < 0x80 => (char)b,
                Escape => (char)(stored[position++] | (stored[position++] << 8)),
                _ => (char)(ArabicBase + (b - 0x80)),
            };
        }

        var small = header & 3;
        count = (int)(small < 3 ? small : 3 + Varint.Read(stored, ref position));
        return true;
    }


}
