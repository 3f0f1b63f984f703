using System.Globalization;
using System.IO.Compression;
using System.Runtime.CompilerServices;
using System.Runtime.InteropServices;
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
/// Since 2026-12-06 the entries are stored Deflate-compressed behind a second mark (<see cref="DeflatedMark"/>, then
/// the entries' length as a varint): the stems' letters take ~5 bits each, 947 → 611 bytes per ANT article; a value
/// Deflate does not shorten keeps the first form, and both forms are read.
/// </summary>
internal static class StoredTerms
{
    /// <summary>First byte of the compact form; the old text never starts with it (stems are letters).</summary>
    public const byte Mark = 0x01;

    /// <summary>First byte of the compact form compressed: the entries (after <see cref="Mark"/>) as raw Deflate.</summary>
    public const byte DeflatedMark = 0x02;

    // Values encoded ahead on the preparing threads (Prepare), so the single writer's converter only looks them up.
    private static readonly ConditionalWeakTable<string, byte[]> s_prepared = [];

    private const char ArabicBase = '\u0600';
    private const byte Escape = 0xFF;

    /// <summary>The converter the model maps both columns with.</summary>
    public static readonly ValueConverter<string, byte[]> Converter = new(text => Stored(text), blob => Decode(blob));

    /// <summary>
    /// Encodes <paramref name="text"/> now (on a preparing thread), so that storing this same string instance later
    /// takes the bytes without encoding again; the entry goes with the string.
    /// </summary>
    public static string Prepare(string text)
    {
        ArgumentNullException.ThrowIfNull(text);
        s_prepared.AddOrUpdate(text, Encode(text));
        return text;
    }

    private static byte[] Stored(string text) => s_prepared.TryGetValue(text, out var bytes) ? bytes : Encode(text);

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

        return Deflated(buffer);
    }

    private static byte[] Deflated(List<byte> compact)
    {
        var entries = CollectionsMarshal.AsSpan(compact)[1..];
        var output = new MemoryStream(entries.Length + 8);
        output.WriteByte(DeflatedMark);
        var header = new List<byte>(5);
        Varint.Write(header, (uint)entries.Length);
        output.Write(CollectionsMarshal.AsSpan(header));
        using (var deflate = new DeflateStream(output, CompressionLevel.Optimal, leaveOpen: true))
        {
            deflate.Write(entries);
        }

        return output.Length < compact.Count ? output.ToArray() : [.. compact];
    }

    /// <summary>The first compact form (<see cref="Mark"/> and the entries) of a value in either compact form.</summary>
    public static ReadOnlySpan<byte> Inflated(ReadOnlySpan<byte> stored)
    {
        if (stored.Length == 0 || stored[0] != DeflatedMark)
        {
            return stored;
        }

        var position = 1;
        var length = (int)Varint.Read(stored, ref position);
        var entries = new byte[length + 1];
        entries[0] = Mark;
        using var deflate = new DeflateStream(new MemoryStream(stored[position..].ToArray()), CompressionMode.Decompress);
        deflate.ReadExactly(entries.AsSpan(1));
        return entries;
    }

    /// <summary>The text form of a stored value, either form.</summary>
    public static string Decode(ReadOnlySpan<byte> stored)
    {
        if (!IsCompact(stored))
        {
            return Encoding.UTF8.GetString(stored);
        }

        stored = Inflated(stored);

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
    public static bool IsCompact(ReadOnlySpan<byte> stored) => stored.Length > 0 && stored[0] is Mark or DeflatedMark;

    /// <summary>
    /// Reads the entry at <paramref name="position"/> (start at 1, past the mark; a deflated value <see cref="Inflated"/> first) into <paramref name="stem"/> (grown
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
